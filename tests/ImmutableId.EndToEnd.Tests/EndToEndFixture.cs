extern alias EntraEmulator;

using EntraEmulator::ImmutableId.EntraEmulator;
using ImmutableId.Api.Auth;
using ImmutableId.Testing;

namespace ImmutableId.EndToEnd.Tests;

/// <summary>
/// The Standalone host (<see cref="StandaloneUnderTest"/>) with its real adapters: LDAPS to the Samba AD DC, and the
/// real Graph SDK adapter to an Entra emulator this fixture owns (so tests can read its request log and force faults).
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    private StandaloneUnderTest? _host;

    /// <summary>The local Entra-like token issuer the host trusts (real signed tokens, keys served on 127.0.0.1).</summary>
    internal TestTokenIssuer Issuer => _host!.Issuer;

    internal SambaSettings Samba { get; } = TestServers.Samba;

    internal EntraEmulatorHost Emulator => _host!.Emulator;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = await StandaloneUnderTest.StartAsync(_ => new Dictionary<string, string>
        {
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
            ["Policy:AllowedOrganizationalUnits:0"] = Samba.StaffOu,
            ["Policy:VerifyDelayMilliseconds"] = "100",
        });
        Client = _host.Factory.CreateClient();
        Client.DefaultRequestHeaders.Authorization = new("Bearer", Issuer.AppToken(AppRoles.Read, AppRoles.Write, AppRoles.Clear));
    }

    /// <summary>Back to the seed: state, request log, buckets, no faults.</summary>
    internal void Reset() => Emulator.Reset();

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
