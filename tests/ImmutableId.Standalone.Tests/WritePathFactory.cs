extern alias EntraEmulator;

using System.Net.Http.Headers;
using ImmutableId.Api.Auth;
using ImmutableId.Standalone.Sandbox;
using ImmutableId.Testing;
using Microsoft.Extensions.DependencyInjection;
using EmulatorHost = EntraEmulator::ImmutableId.EntraEmulator.EntraEmulatorHost;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// The Standalone host as the sandbox (Entra emulator with the demo tenant, demo LDIF, real Graph SDK adapter, SQLite
/// audit and leases) with Entra ID tokens from the test issuer and two scoped callers: one limited to fabrikam.com,
/// one to an OU the demo users are not in.
/// </summary>
public sealed class WritePathFactory : StandaloneFactory
{
    public const string FabrikamApp = "f0000000-0000-4000-8000-00000000fab1";
    public const string SalesOuApp = "f0000000-0000-4000-8000-0000000005a1";

    public EmulatorHost Emulator => Services.GetRequiredService<SandboxEnvironment>().Emulator;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Auth:CallerScopes:0:AppId"] = FabrikamApp,
        ["Auth:CallerScopes:0:AllowedUpnDomains:0"] = "fabrikam.com",
        ["Auth:CallerScopes:1:AppId"] = SalesOuApp,
        ["Auth:CallerScopes:1:AllowedOrganizationalUnits:0"] = @"OU=Sales\, Europe,OU=Staff,DC=contoso,DC=com",
        // Short, so a writer queued behind many others answers UserBusy long before any client timeout.
        ["Policy:LeaseWaitSeconds"] = "10",
        // These suites send hundreds of writes from one caller on purpose; inbound limits have their own tests.
        ["RateLimits:Enabled"] = "false",
    };

    /// <summary>A client for <paramref name="appId"/> holding every user-endpoint role.</summary>
    public HttpClient ClientFor(string appId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Issuer.CreateToken(new TestToken { Roles = [AppRoles.Read, AppRoles.Write, AppRoles.Clear], AppId = appId, ObjectId = Guid.NewGuid().ToString() }));
        return client;
    }
}
