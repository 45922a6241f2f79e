namespace ImmutableId.EntraEmulator.Seeding;

/// <summary>An AD user as the Cloud Sync agent reads it.</summary>
/// <param name="DistinguishedName">Its DN (the provision-on-demand subject).</param>
/// <param name="SourceAnchor">Base64 of mS-DS-ConsistencyGuid, else objectGUID: the value hard match compares with onPremisesImmutableId.</param>
/// <param name="UserPrincipalName">Its UPN (soft match key).</param>
/// <param name="ObjectGuid">Its objectGUID: what a linked cloud user's onPremisesObjectIdentifier holds.</param>
/// <param name="SamAccountName">sAMAccountName.</param>
/// <param name="DomainName">The AD domain's DNS name.</param>
public sealed record SeedOnPremUser(
    string DistinguishedName,
    string SourceAnchor,
    string UserPrincipalName,
    string? ObjectGuid = null,
    string? SamAccountName = null,
    string? DomainName = null);
