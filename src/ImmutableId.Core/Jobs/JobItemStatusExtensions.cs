namespace ImmutableId.Core.Jobs;

/// <summary>Facts about <see cref="JobItemStatus"/>.</summary>
public static class JobItemStatusExtensions
{
    /// <summary>True when the item has its final outcome (it is never processed again).</summary>
    public static bool IsTerminal(this JobItemStatus status) => status is not (JobItemStatus.Queued or JobItemStatus.Running);
}
