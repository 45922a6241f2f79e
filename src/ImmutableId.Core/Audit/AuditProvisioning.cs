namespace ImmutableId.Core.Audit;

/// <summary>
/// The Cloud Sync provision on demand that followed a set, recorded on the set's own audit record: first
/// <see cref="AuditOutcome.Pending"/> (durable before Graph is called), then how it ended.
/// </summary>
/// <param name="Outcome">Pending while it runs; then Succeeded (provisioned), NoChange (Entra skipped it: nothing to do) or Failed.</param>
/// <param name="DistinguishedName">The AD object provisioned (the subject sent).</param>
/// <param name="Result">Provision on demand's own result: succeeded, skipped, failed, refused or unavailable (null while pending).</param>
/// <param name="FailedStep">The step Entra reported as failed, when one did.</param>
/// <param name="Error">Entra's error code and message (or why Graph refused the call), verbatim where Entra gave one.</param>
/// <param name="Linked">True when the cloud user read as synced (onPremisesSyncEnabled) afterwards.</param>
/// <param name="GraphRequestId">Graph's request-id of the provisionOnDemand call.</param>
/// <param name="RecordedAt">When this state was recorded.</param>
public sealed record AuditProvisioning(
    AuditOutcome Outcome,
    string? DistinguishedName,
    string? Result,
    string? FailedStep,
    string? Error,
    bool? Linked,
    string? GraphRequestId,
    DateTimeOffset RecordedAt);
