using ImmutableId.Core.HardMatch;

namespace ImmutableId.Core.Jobs;

/// <summary>
/// One user of a job: as the caller named it, and what happened. An item is processed at most once to an outcome:
/// a worker claims it (<see cref="Status"/> running until <see cref="ClaimedUntil"/>), runs the workflow under a
/// fresh <see cref="OperationId"/>, records the outcome, and only then deletes its queue message.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="Index">0-based position in the submitted list (the row number in the CSV is Index + 2).</param>
/// <param name="User">The user as submitted (UPN or objectGUID).</param>
/// <param name="Source">The item's own anchor source, when the CSV named one.</param>
/// <param name="ObjectGuid">The item's objectGUID hint, when the CSV named one.</param>
/// <param name="Ticket">The item's own ticket, when the CSV named one.</param>
/// <param name="Status">Where it is, or its outcome.</param>
/// <param name="Codes">Every blocking guardrail code (refused/failed), then warnings.</param>
/// <param name="OperationId">The audit record of its latest attempt.</param>
/// <param name="CloudId">The resolved cloud user's object id.</param>
/// <param name="OnPremDistinguishedName">The resolved AD object's DN.</param>
/// <param name="Anchor">The ImmutableId written (or that would be written).</param>
/// <param name="Detail">Why it was refused or failed, in words.</param>
/// <param name="Attempts">How many times a worker claimed it.</param>
/// <param name="ClaimedUntil">While running: when the claim lapses (a crashed worker's item is claimable again after it).</param>
/// <param name="CompletedAt">When its outcome was recorded.</param>
public sealed record JobItem(
    Guid JobId,
    int Index,
    string User,
    AnchorSourcePreference? Source = null,
    Guid? ObjectGuid = null,
    string? Ticket = null,
    JobItemStatus Status = JobItemStatus.Queued,
    IReadOnlyList<string>? Codes = null,
    Guid? OperationId = null,
    string? CloudId = null,
    string? OnPremDistinguishedName = null,
    string? Anchor = null,
    string? Detail = null,
    int Attempts = 0,
    DateTimeOffset? ClaimedUntil = null,
    DateTimeOffset? CompletedAt = null)
{
    /// <summary>The codes, never null.</summary>
    public IReadOnlyList<string> CodeList => Codes ?? [];
}
