namespace ImmutableId.Core.Jobs;

/// <summary>What the host does with the message after <see cref="JobProcessor.ProcessAsync"/>.</summary>
/// <param name="Done">True: the item has its outcome (or needs none): delete the message.</param>
/// <param name="RetryAfter">When not done: make the message visible again after this.</param>
/// <param name="CountsAsDelivery">
/// When not done: true when this retry counts towards the poison bound (the message is released as is); false when
/// it must not (Graph throttling, another worker's live claim): the host queues a fresh copy and deletes this one.
/// </param>
/// <param name="Status">The item's outcome, when done by this call.</param>
public sealed record JobItemDisposition(bool Done, TimeSpan RetryAfter = default, bool CountsAsDelivery = true, JobItemStatus? Status = null)
{
    /// <summary>Delete the message.</summary>
    public static JobItemDisposition Finished(JobItemStatus? status = null) => new(true, Status: status);

    /// <summary>Try again later.</summary>
    public static JobItemDisposition Later(TimeSpan after, bool countsAsDelivery) => new(false, after < TimeSpan.Zero ? TimeSpan.Zero : after, countsAsDelivery);
}
