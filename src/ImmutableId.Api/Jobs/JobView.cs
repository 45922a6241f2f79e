namespace ImmutableId.Api.Jobs;

/// <summary>The job resource: state, progress per outcome and per guardrail code, rate, write budget, ETA.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Operation">set, clear or assess.</param>
/// <param name="State">queued, running, paused (every worker waits for Graph's Retry-After), completed, cancelled or failed.</param>
/// <param name="DryRun">True when nothing is written.</param>
/// <param name="Source">The anchor source of a set.</param>
/// <param name="Ticket">The job's ticket.</param>
/// <param name="Reason">The job's reason.</param>
/// <param name="Total">How many users.</param>
/// <param name="Done">How many have their outcome.</param>
/// <param name="Counts">Users per status: queued, running, succeeded, noChange, planned, refused, failed, cancelled.</param>
/// <param name="Codes">Users per guardrail code (refusals, failures and warnings).</param>
/// <param name="UsersPerSecond">Outcomes per second since the job started.</param>
/// <param name="EstimatedCompletion">When the last user should be done at the current rate; null when unknown or finished.</param>
/// <param name="WriteBudget">The app's shared Graph write budget now.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="StartedAt">When the first user started.</param>
/// <param name="EndedAt">When it completed or was cancelled.</param>
/// <param name="Links">Where to read it, its items and the items as CSV.</param>
public sealed record JobView(
    Guid Id,
    string Operation,
    string State,
    bool DryRun,
    string Source,
    string? Ticket,
    string? Reason,
    int Total,
    int Done,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyDictionary<string, int> Codes,
    double? UsersPerSecond,
    DateTimeOffset? EstimatedCompletion,
    WriteBudgetView? WriteBudget,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    JobLinks Links);
