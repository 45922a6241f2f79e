namespace ImmutableId.Api.Jobs;

/// <summary>One user of a job and its outcome.</summary>
/// <param name="Index">0-based position in the submitted list.</param>
/// <param name="User">The user as submitted.</param>
/// <param name="Status">queued, running, succeeded, noChange, planned, refused, failed or cancelled.</param>
/// <param name="Codes">Blocking guardrail codes first, then warnings.</param>
/// <param name="CloudId">The resolved cloud user's object id.</param>
/// <param name="OnPremDistinguishedName">The resolved AD object's DN.</param>
/// <param name="Anchor">The ImmutableId written or planned (for a clear: the value cleared).</param>
/// <param name="OperationId">The audit record of its latest attempt (GET /api/operations/{id}).</param>
/// <param name="Ticket">The ticket of its audit record.</param>
/// <param name="Detail">Why it was refused or failed.</param>
/// <param name="Attempts">How many times a worker took it.</param>
/// <param name="CompletedAt">When its outcome was recorded.</param>
public sealed record JobItemView(
    int Index,
    string User,
    string Status,
    IReadOnlyList<string> Codes,
    string? CloudId,
    string? OnPremDistinguishedName,
    string? Anchor,
    Guid? OperationId,
    string? Ticket,
    string? Detail,
    int Attempts,
    DateTimeOffset? CompletedAt);
