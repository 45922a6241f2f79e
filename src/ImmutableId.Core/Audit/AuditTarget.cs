namespace ImmutableId.Core.Audit;

/// <summary>The user a write is about, on both sides, as far as it was resolved.</summary>
/// <param name="UserPrincipalName">The cloud user's UPN (or the UPN the caller named when not resolved).</param>
/// <param name="CloudObjectId">The Entra object id, when resolved.</param>
/// <param name="OnPremDistinguishedName">The AD object's DN, when resolved.</param>
/// <param name="OnPremObjectGuid">The AD object's objectGUID, when resolved.</param>
/// <param name="Requested">The <c>{user}</c> the caller named (UPN or objectGUID), as sent.</param>
public sealed record AuditTarget(
    string? UserPrincipalName,
    string? CloudObjectId = null,
    string? OnPremDistinguishedName = null,
    Guid? OnPremObjectGuid = null,
    string? Requested = null);
