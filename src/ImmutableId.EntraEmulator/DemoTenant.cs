namespace ImmutableId.EntraEmulator;

/// <summary>Well-known ids of the demo tenant (Seeds/DemoTenant.json; the full table is in the emulator README).</summary>
public static class DemoTenant
{
    /// <summary>The demo tenant id.</summary>
    public const string TenantId = "c0a7e1d5-0000-4000-8000-00000000c0de";

    /// <summary>Microsoft Graph's appId (its service principal exposes the app roles).</summary>
    public const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    /// <summary>Our function's managed identity (client id); granted User.ReadWrite.All, Domain.Read.All, RoleManagement.Read.Directory.</summary>
    public const string FunctionAppId = "44444444-0000-4000-8000-000000000002";

    /// <summary>The managed identity's service principal object id.</summary>
    public const string FunctionServicePrincipalId = "33333333-0000-4000-8000-000000000002";

    /// <summary>A deployment app granted Application.ReadWrite.All (for the permission-grant script).</summary>
    public const string DeployerAppId = "44444444-0000-4000-8000-000000000003";

    /// <summary>The Microsoft Graph service principal object id.</summary>
    public const string GraphServicePrincipalId = "33333333-0000-4000-8000-000000000001";
}
