namespace ImmutableId.Api.Auth;

/// <summary>
/// Limits the callers it matches (by app id, principal object id or group id) to some UPN domains and/or on-prem OUs.
/// A caller matched by several rules may touch what any of them allows.
/// </summary>
public sealed class CallerScopeRule
{
    /// <summary>The client application id (<c>appid</c>/<c>azp</c>) this rule applies to.</summary>
    public string? AppId { get; set; }

    /// <summary>The principal object id (<c>oid</c>: a user or a service principal) this rule applies to.</summary>
    public string? ObjectId { get; set; }

    /// <summary>A group id (in the token's <c>groups</c> claim) whose members this rule applies to.</summary>
    public string? GroupId { get; set; }

    /// <summary>UPN domains the caller may touch (e.g. <c>contoso.com</c>); empty: any domain.</summary>
    public string[] AllowedUpnDomains { get; set; } = [];

    /// <summary>On-prem OU DNs (suffixes) the caller may touch (e.g. <c>OU=Sales,DC=corp,DC=contoso,DC=com</c>); empty: any OU.</summary>
    public string[] AllowedOrganizationalUnits { get; set; } = [];
}
