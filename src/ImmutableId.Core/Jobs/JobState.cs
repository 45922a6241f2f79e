namespace ImmutableId.Core.Jobs;

/// <summary>Where a bulk job is.</summary>
public enum JobState
{
    /// <summary>Accepted; no item has started yet.</summary>
    Queued,

    /// <summary>Items are being processed.</summary>
    Running,

    /// <summary>Running, but every worker waits for Graph's Retry-After (a 429 paused the app's writes).</summary>
    Paused,

    /// <summary>Every item has an outcome.</summary>
    Completed,

    /// <summary>Cancelled by its owner: items in flight finished, no other item started.</summary>
    Cancelled,

    /// <summary>The job could not run at all (e.g. its items could not be queued).</summary>
    Failed,
}
