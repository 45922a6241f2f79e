extern alias EntraEmulator;

using EntraEmulator::ImmutableId.EntraEmulator;
using ImmutableId.Api.Auth;
using ImmutableId.TestIssuer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImmutableId.EndToEnd.Tests;

/// <summary>
/// The Standalone host (WebApplicationFactory) with its real adapters: LDAPS to the Samba AD DC, and the real Graph
/// SDK adapter to an Entra emulator this fixture owns (so tests can read its request log and force faults).
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    private readonly string _auditFolder = Path.Combine(Path.GetTempPath(), "immutableid-e2e-audit-" + Guid.NewGuid().ToString("N"));

    /// <summary>The local Entra-like token issuer the host trusts (real signed tokens, keys served on 127.0.0.1).</summary>
    internal TestTokenIssuer Issuer { get; private set; } = null!;

    private WebApplicationFactory<Program>? _factory;

    internal SambaSettings Samba { get; private set; } = null!;

    internal EntraEmulatorHost Emulator { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Samba = SambaSettings.FromEnvironment();
        Emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = EndToEndSeed.Create() });
        Issuer = await TestTokenIssuer.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Sandbox:Enabled"] = "false",
            ["Entra:Credential"] = "Emulator",
            ["Entra:GraphBaseUrl"] = Emulator.GraphBaseUrl,
            ["Entra:TenantId"] = DemoTenant.TenantId,
            ["Entra:ClientId"] = DemoTenant.FunctionAppId,
            ["OnPrem:Mode"] = "Ldap",
            ["OnPrem:Server"] = Samba.Host,
            ["OnPrem:Port"] = "636",
            ["OnPrem:Transport"] = "Ldaps",
            ["OnPrem:TrustedCaPath"] = Samba.CaCert,
            ["OnPrem:BindUserName"] = Samba.BindUser,
            ["OnPrem:BindPassword"] = Samba.BindPassword,
            ["OnPrem:BaseDns:0"] = Samba.TestOu,
            ["Policy:AllowedUpnDomains:0"] = "contoso.com",
            ["Policy:AllowedUpnDomains:1"] = EndToEndSeed.Realm,
            ["Policy:AllowedUpnDomains:2"] = "fabrikam.test",
            ["Policy:AllowedUpnDomains:3"] = "contoso.onmicrosoft.com",
            ["Policy:AllowedOrganizationalUnits:0"] = "OU=Staff," + Samba.TestOu,
            ["Policy:VerifyDelayMilliseconds"] = "100",
        };
        foreach (var (key, value) in Issuer.AuthSettings)
        {
            settings[key] = value!;
        }

        settings["Storage:SqlitePath"] = Path.Combine(_auditFolder, "audit.db");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        Client = _factory.CreateClient();
        Client.DefaultRequestHeaders.Authorization = new("Bearer", Issuer.AppToken(AppRoles.Read, AppRoles.Write, AppRoles.Clear));
    }

    /// <summary>Back to the seed: state, request log, buckets, no faults.</summary>
    internal void Reset() => Emulator.Reset();

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        if (Issuer is not null)
        {
            await Issuer.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_auditFolder))
        {
            Directory.Delete(_auditFolder, recursive: true);
        }
    }
}
