namespace ImmutableId.EntraEmulator.Seeding;

/// <summary>A domain of the tenant (Graph <c>domain</c>).</summary>
/// <param name="Id">The domain name, e.g. contoso.com.</param>
/// <param name="AuthenticationType"><c>Managed</c> or <c>Federated</c>.</param>
/// <param name="IsVerified">Whether ownership is verified.</param>
/// <param name="IsDefault">The tenant's default domain for new users.</param>
/// <param name="IsInitial">The <c>*.onmicrosoft.com</c> domain created with the tenant.</param>
public sealed record SeedDomain(
    string Id,
    string AuthenticationType = "Managed",
    bool IsVerified = true,
    bool IsDefault = false,
    bool IsInitial = false);
