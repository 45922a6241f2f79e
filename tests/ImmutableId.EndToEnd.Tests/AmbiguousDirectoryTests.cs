using System.Net;
using System.Text.Json;
using ImmutableId.Api.Auth;

namespace ImmutableId.EndToEnd.Tests;

/// <summary>
/// AmbiguousOnPremUser through the Standalone host. AD (and Samba) refuse two objects with the same UPN in one domain,
/// so the duplicate comes from an LDIF snapshot, as from two forests exported together; Graph is the emulator.
/// </summary>
public sealed class AmbiguousDirectoryTests : IAsyncLifetime
{
    private const string TwinsLdif = """
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

        """;

    private StandaloneUnderTest _host = null!;

    public async Task InitializeAsync() =>
        _host = await StandaloneUnderTest.StartAsync(host =>
        {
            var ldif = Path.Combine(host.Folder, "twins.ldif");
            File.WriteAllText(ldif, TwinsLdif);
            return new Dictionary<string, string>
            {
                ["OnPrem:Mode"] = "Ldif",
                ["OnPrem:LdifPath"] = ldif,
                ["Policy:AllowedUpnDomains:0"] = "contoso.com",
                ["Policy:AllowedOrganizationalUnits:0"] = "*",
            };
        });

    [Fact]
    public async Task Set_TwoAdObjectsShareTheUpn_Refused409WithBothDnsAndNoPatch()
    {
        using var client = _host.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", _host.Issuer.AppToken(AppRoles.Read, AppRoles.Write, AppRoles.Clear));

        var response = await client.PutAsync($"/api/users/{EndToEndSeed.Twin}/immutable-id", null);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, text);
        using var body = JsonDocument.Parse(text);
        Assert.Equal("AmbiguousOnPremUser", body.RootElement.GetProperty("code").GetString());
        Assert.Contains("CN=Twin Two", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_host.Emulator.RequestLog.WithMethod("PATCH"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
