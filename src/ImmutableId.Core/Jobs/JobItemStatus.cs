namespace ImmutableId.Core.Jobs;

/// <summary>Where one user of a job is: waiting, in flight, or its outcome.</summary>
public enum JobItemStatus
{
    /// <summary>Waiting in the queue.</summary>
    Queued,

    /// <summary>A worker holds it (until its claim expires).</summary>
    Running,

    /// <summary>Written (set or clear).</summary>
    Succeeded,

    /// <summary>Nothing to write: already matched, or nothing to clear.</summary>
    NoChange,

    /// <summary>Dry run or assess: every guardrail passed; a real run would write.</summary>
    Planned,

    /// <summary>A guardrail refused (see the item's codes): nothing was written.</summary>
    Refused,

    /// <summary>Graph or the DC failed, or the item was poison (redelivered too often): nothing known written.</summary>
    Failed,

    /// <summary>The job was cancelled before the item started.</summary>
    Cancelled,
}
