namespace ImmutableId.Core.HardMatch;

/// <summary>A hard match: write the on-prem object's anchor to the cloud user's onPremisesImmutableId.</summary>
/// <param name="User">The user, by UPN or on-prem objectGUID.</param>
/// <param name="Source">Which AD attribute to write.</param>
/// <param name="ObjectGuid">The caller's idea of the object's objectGUID: a hint that must equal the resolved object's, never trusted alone.</param>
/// <param name="Replace">Replace a different immutable ID (also needs <see cref="PolicyOptions.AllowReplace"/>).</param>
/// <param name="DryRun">Run every check and answer the exact change, without writing.</param>
/// <param name="Ticket">The ITSM ticket reference, for the audit record.</param>
/// <param name="Reason">Free text, for the audit record.</param>
public sealed record SetImmutableIdRequest(
    UserKey User,
    AnchorSourcePreference Source = AnchorSourcePreference.Auto,
    Guid? ObjectGuid = null,
    bool Replace = false,
    bool DryRun = false,
    string? Ticket = null,
    string? Reason = null);
