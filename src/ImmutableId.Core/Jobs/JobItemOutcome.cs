namespace ImmutableId.Core.Jobs;

/// <summary>What a worker records when an item ends.</summary>
/// <param name="Status">A terminal status.</param>
/// <param name="Codes">Blocking codes first, then warnings.</param>
/// <param name="OperationId">The attempt's audit record.</param>
/// <param name="CloudId">The resolved cloud user's id.</param>
/// <param name="OnPremDistinguishedName">The resolved AD object's DN.</param>
/// <param name="Anchor">The ImmutableId written or planned.</param>
/// <param name="Detail">Why it was refused or failed.</param>
/// <param name="CompletedAt">When.</param>
public sealed record JobItemOutcome(
    JobItemStatus Status,
    IReadOnlyList<string> Codes,
    Guid? OperationId,
    string? CloudId,
    string? OnPremDistinguishedName,
    string? Anchor,
    string? Detail,
    DateTimeOffset CompletedAt);
