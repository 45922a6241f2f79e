using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Core.Jobs;

/// <summary>
/// One bulk job: what is done to every item, on whose behalf (the owner and the scope its token had when it was
/// submitted), and where it is. Counts are read separately (<see cref="JobCounts"/>).
/// </summary>
/// <param name="Id">A version-7 GUID.</param>
/// <param name="Operation">Set, clear or assess.</param>
/// <param name="DryRun">Every item runs as a dry run (assess always does).</param>
/// <param name="Source">Which AD attribute a set writes, unless an item names its own.</param>
/// <param name="Ticket">The ITSM ticket of the job, unless an item names its own.</param>
/// <param name="Reason">Free text for every item's audit record.</param>
/// <param name="Owner">Who submitted it (app and principal); only the owner sees and cancels it.</param>
/// <param name="OwnerScope">The owner's caller scope at submission; every item is checked against it.</param>
/// <param name="State">Queued, running, completed, cancelled or failed (paused is reported, not stored).</param>
/// <param name="Total">How many items.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="StartedAt">When its first item started.</param>
/// <param name="EndedAt">When it completed, was cancelled or failed.</param>
public sealed record Job(
    Guid Id,
    JobOperation Operation,
    bool DryRun,
    AnchorSourcePreference Source,
    string? Ticket,
    string? Reason,
    AuditCaller Owner,
    JobScope OwnerScope,
    JobState State,
    int Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? EndedAt = null)
{
    /// <summary>The most items one job may hold.</summary>
    public const int MaxItems = 50_000;

    /// <summary>True when the job will not process any more items.</summary>
    public bool IsFinished => State is JobState.Completed or JobState.Cancelled or JobState.Failed;
}
