namespace ImmutableId.EntraEmulator.Seeding;

/// <summary>A service principal (an application's or a managed identity's instance in the tenant).</summary>
/// <param name="Id">Object id.</param>
/// <param name="AppId">The application (client) id; tokens carry it as <c>appid</c>.</param>
/// <param name="DisplayName">Name.</param>
/// <param name="ServicePrincipalType"><c>Application</c> or <c>ManagedIdentity</c>.</param>
/// <param name="AppRoles">The application permissions it exposes (for a resource such as Microsoft Graph).</param>
public sealed record SeedServicePrincipal(
    string Id,
    string AppId,
    string DisplayName,
    string ServicePrincipalType = "Application",
    IReadOnlyList<SeedAppRole>? AppRoles = null);
