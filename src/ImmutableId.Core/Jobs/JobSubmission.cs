using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Scopes;

namespace ImmutableId.Core.Jobs;

/// <summary>A job as the caller asked for it, before validation.</summary>
/// <param name="Operation">Set, clear or assess.</param>
/// <param name="Rows">The users.</param>
/// <param name="DryRun">Run every item as a dry run.</param>
/// <param name="Source">The anchor source for a set.</param>
/// <param name="Ticket">The job's ticket.</param>
/// <param name="Reason">The job's reason.</param>
/// <param name="Owner">The caller.</param>
/// <param name="OwnerScope">The caller's scope.</param>
public sealed record JobSubmission(
    JobOperation Operation,
    IReadOnlyList<JobRow> Rows,
    bool DryRun,
    AnchorSourcePreference Source,
    string? Ticket,
    string? Reason,
    AuditCaller Owner,
    DirectoryScope OwnerScope);
