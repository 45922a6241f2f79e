extern alias EntraEmulator;

using System.Net;
using System.Text.Json;
using EntraEmulator::ImmutableId.EntraEmulator;
using ImmutableId.Api.Auth;
using ImmutableId.TestIssuer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImmutableId.EndToEnd.Tests;

/// <summary>
/// AmbiguousOnPremUser through the Standalone host. AD (and Samba) refuse two objects with the same UPN in one domain,
/// so the duplicate comes from an LDIF snapshot, as from two forests exported together; Graph is the emulator.
/// </summary>
public sealed class AmbiguousDirectoryTests : IAsyncLifetime
{
    private readonly string _auditFolder = Path.Combine(Path.GetTempPath(), "immutableid-e2e-audit-" + Guid.NewGuid().ToString("N"));

    /// <summary>The local Entra-like token issuer the host trusts (real signed tokens, keys served on 127.0.0.1).</summary>
    internal TestTokenIssuer Issuer { get; private set; } = null!;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "immutableid-e2e-" + Guid.NewGuid().ToString("N"));
    private EntraEmulatorHost _emulator = null!;
    private WebApplicationFactory<Program> _factory = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var ldif = Path.Combine(_folder, "twins.ldif");
        await File.WriteAllTextAsync(ldif, """
            version: 1

            dn: CN=Twin One,OU=Staff,DC=contoso,DC=com
            objectClass: user
            objectGUID:: AQIDBAUGBwgJCgsMDQ4PEA==
            sAMAccountName: twin1
            userPrincipalName: twin@contoso.com
            userAccountControl: 512

            dn: CN=Twin Two,OU=Staff,DC=fabrikam,DC=com
            objectClass: user
            objectGUID:: ERITFBUWFxgZGhscHR4fIA==
            sAMAccountName: twin2
            userPrincipalName: twin@contoso.com
            userAccountControl: 512

            """);
        _emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = EndToEndSeed.Create() });
        Issuer = await TestTokenIssuer.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Sandbox:Enabled"] = "false",
            ["Entra:Credential"] = "Emulator",
            ["Entra:GraphBaseUrl"] = _emulator.GraphBaseUrl,
            ["OnPrem:Mode"] = "Ldif",
            ["OnPrem:LdifPath"] = ldif,
            ["Policy:AllowedUpnDomains:0"] = "contoso.com",
            ["Policy:AllowedOrganizationalUnits:0"] = "*",
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
    }

    [Fact]
    public async Task Set_TwoAdObjectsShareTheUpn_Refused409WithBothDnsAndNoPatch()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Issuer.AppToken(AppRoles.Read, AppRoles.Write, AppRoles.Clear));

        var response = await client.PutAsync($"/api/users/{EndToEndSeed.Twin}/immutable-id", null);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, text);
        using var body = JsonDocument.Parse(text);
        Assert.Equal("AmbiguousOnPremUser", body.RootElement.GetProperty("code").GetString());
        Assert.Contains("CN=Twin Two", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_emulator.RequestLog.WithMethod("PATCH"));
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _emulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);

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
