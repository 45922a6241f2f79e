namespace ImmutableId.Core.HardMatch;

/// <summary>Clear the cloud user's onPremisesImmutableId (an explicit JSON null), e.g. to allow a soft match instead.</summary>
/// <param name="User">The user, by UPN or on-prem objectGUID.</param>
/// <param name="DryRun">Run every check and answer the exact change, without writing.</param>
/// <param name="Ticket">The ITSM ticket reference, for the audit record.</param>
/// <param name="Reason">Free text, for the audit record.</param>
public sealed record ClearImmutableIdRequest(UserKey User, bool DryRun = false, string? Ticket = null, string? Reason = null);
