namespace ImmutableId.EntraEmulator.Seeding;

/// <summary>A user with every property the product reads (Graph <c>user</c>); also the emulator's read model.</summary>
public sealed record SeedUser(
    string Id,
    string UserPrincipalName,
    string? DisplayName = null,
    string? GivenName = null,
    string? Surname = null,
    string? Mail = null,
    string? UserType = "Member",
    bool? AccountEnabled = true,
    string? OnPremisesImmutableId = null,
    bool? OnPremisesSyncEnabled = null,
    string? OnPremisesObjectIdentifier = null,
    string? OnPremisesDistinguishedName = null,
    string? OnPremisesSamAccountName = null,
    string? OnPremisesUserPrincipalName = null,
    string? OnPremisesDomainName = null,
    string? OnPremisesSecurityIdentifier = null,
    DateTimeOffset? OnPremisesLastSyncDateTime = null,
    DateTimeOffset? CreatedDateTime = null,
    string? JobTitle = null);
