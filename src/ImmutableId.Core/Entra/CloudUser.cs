namespace ImmutableId.Core.Entra;

/// <summary>An Entra user with the properties the hard-match workflow reads (Graph <c>$select</c>).</summary>
public sealed record CloudUser(
    string Id,
    string UserPrincipalName,
    string? DisplayName,
    string? Mail,
    string? UserType,
    bool? AccountEnabled,
    string? OnPremisesImmutableId,
    bool? OnPremisesSyncEnabled,
    string? OnPremisesObjectIdentifier,
    string? OnPremisesDistinguishedName,
    DateTimeOffset? OnPremisesLastSyncDateTime)
{
    /// <summary>True for B2B guests: <c>userType</c> Guest, or a UPN holding <c>#EXT#</c>.</summary>
    public bool IsGuest =>
        string.Equals(UserType, "Guest", StringComparison.OrdinalIgnoreCase) ||
        UserPrincipalName.Contains("#EXT#", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when Entra Connect or Cloud Sync masters the user (Graph refuses writes then).</summary>
    public bool IsSynced => OnPremisesSyncEnabled == true;

    /// <summary>The domain part of the UPN.</summary>
    public string UpnDomain => UserPrincipalName[(UserPrincipalName.LastIndexOf('@') + 1)..];
}
