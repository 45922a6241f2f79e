namespace ImmutableId.Api.Webhooks;

/// <summary>The job an event is about, as GET /api/jobs/{id} shows it when the event was recorded.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Operation">set, clear or assess.</param>
/// <param name="State">completed, cancelled or failed.</param>
/// <param name="DryRun">True when nothing was written.</param>
/// <param name="Ticket">The job's ticket.</param>
/// <param name="Total">How many users.</param>
/// <param name="Done">How many have their outcome.</param>
/// <param name="Counts">Users per status: succeeded, noChange, planned, refused, failed, cancelled…</param>
/// <param name="Codes">Users per guardrail code.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="StartedAt">When its first user started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Links">Where to read it.</param>
public sealed record WebhookJobView(
    Guid Id,
    string Operation,
    string State,
    bool DryRun,
    string? Ticket,
    int Total,
    int Done,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyDictionary<string, int> Codes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    WebhookJobLinks Links);
