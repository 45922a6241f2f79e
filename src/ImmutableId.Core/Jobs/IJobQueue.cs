namespace ImmutableId.Core.Jobs;

/// <summary>
/// The queue of job items (at-least-once): Azure Storage queues in Azure, a durable SQLite queue in the Standalone
/// host. A received message stays invisible for the visibility timeout and is delivered again unless deleted.
/// </summary>
public interface IJobQueue
{
    /// <summary>Adds messages, visible after <paramref name="delay"/> (zero: at once).</summary>
    Task EnqueueAsync(IReadOnlyList<JobMessage> messages, TimeSpan delay = default, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> visible messages, each hidden from other receivers for <paramref name="visibilityTimeout"/>.</summary>
    Task<IReadOnlyList<ReceivedJobMessage>> ReceiveAsync(int max, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Deletes a received message (it is done); false when the receipt is stale (it was delivered again since).</summary>
    Task<bool> DeleteAsync(ReceivedJobMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps a received message hidden for another <paramref name="visibilityTimeout"/> from now (its item is still
    /// running). Answers the message with the receipt to use from now on (an Azure Storage queue issues a new one), or
    /// null when the receipt is stale (the message was delivered again or deleted since).
    /// </summary>
    Task<ReceivedJobMessage?> RenewAsync(ReceivedJobMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Makes a received message visible again after <paramref name="delay"/> (retry later); false when the receipt is stale.</summary>
    Task<bool> ReleaseAsync(ReceivedJobMessage message, TimeSpan delay, CancellationToken cancellationToken = default);
}
