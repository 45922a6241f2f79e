using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ImmutableId.EntraEmulator.Faults;
using ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.EntraEmulator.Tests;

/// <summary>The beta surface: onPremisesObjectIdentifier readable there only, cleared only with null, the sync-behaviour permission and an admin role.</summary>
public sealed class BetaSurfaceTests
{
    private const string LinkedId = "99999999-0000-4000-8000-0000000000a1";
    private const string ObjectIdentifier = "5d2a9c1e-7f3b-4c8a-9e6d-1b2c3d4e5f60";
    private const string HybridIdentityAdministrator = "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2";

    private static TenantSeed LinkedSeed(params SeedRoleAssignment[] extraRoles)
    {
        var demo = SeedJson.Demo();
        return demo with
        {
            Users = [.. demo.Users!, new SeedUser(LinkedId, "linked.user@contoso.com", OnPremisesObjectIdentifier: ObjectIdentifier)],
            RoleAssignments = [.. demo.RoleAssignments ?? [], .. extraRoles],
        };
    }

    [Fact]
    public async Task GetBeta_LinkedUser_ReturnsOnPremisesObjectIdentifier()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = LinkedSeed() });
        using var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        var response = await http.GetAsync("beta/users/linked.user@contoso.com?$select=id,onPremisesObjectIdentifier");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(ObjectIdentifier, (string?)body["onPremisesObjectIdentifier"]);
        Assert.Equal("https://graph.microsoft.com/beta/$metadata#users/$entity", (string?)body["@odata.context"]);
        Assert.Equal("/beta/users/linked.user@contoso.com", emulator.RequestLog.Entries.Single().Path);
    }

    [Fact]
    public async Task GetV1_SelectOnPremisesObjectIdentifier_400NotAPropertyOfV1()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = LinkedSeed() });
        using var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        var response = await http.GetAsync("v1.0/users/linked.user@contoso.com?$select=id,onPremisesObjectIdentifier");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Could not find a property named 'onPremisesObjectIdentifier'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBeta_WithoutUserReadPermission_403()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = LinkedSeed() });
        using var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId, ["Domain.Read.All"]));

        var response = await http.GetAsync("beta/users/linked.user@contoso.com?$select=onPremisesObjectIdentifier");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(503)]
    public async Task BetaErrorStatus_BetaAnswersIt_V1StillServes(int status)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = LinkedSeed() });
        emulator.Faults = new FaultSettings(BetaErrorStatus: status);
        using var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        var beta = await http.GetAsync("beta/users/linked.user@contoso.com?$select=onPremisesObjectIdentifier");
        var v1 = await http.GetAsync("v1.0/users/linked.user@contoso.com?$select=id");

        Assert.Equal(status, (int)beta.StatusCode);
        Assert.Contains("\"error\"", await beta.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
    }

    [Fact]
    public async Task PatchBeta_ClearWithUserWriteOnly_403AndUnchanged()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = LinkedSeed() });
        using var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId, ["User.ReadWrite.All"]));

        var response = await PatchAsync(http, "beta", "{\"onPremisesObjectIdentifier\":null}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ObjectIdentifier, emulator.FindUser(LinkedId)!.OnPremisesObjectIdentifier);
    }

    [Fact]
    public async Task PatchBeta_ClearWithSyncBehaviorPermissionButNoRole_403()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = LinkedSeed() });
        using var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId, ["User-OnPremisesSyncBehavior.ReadWrite.All"]));

        var response = await PatchAsync(http, "beta", "{\"onPremisesObjectIdentifier\":null}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ObjectIdentifier, emulator.FindUser(LinkedId)!.OnPremisesObjectIdentifier);
    }

    [Fact]
    public async Task PatchBeta_ClearWithPermissionAndHybridIdentityAdministrator_Cleared()
    {
        var seed = LinkedSeed(new SeedRoleAssignment(DemoTenant.FunctionServicePrincipalId, HybridIdentityAdministrator));
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        using var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId, ["User-OnPremisesSyncBehavior.ReadWrite.All"]));

        var response = await PatchAsync(http, "beta", "{\"onPremisesObjectIdentifier\":null}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(emulator.FindUser(LinkedId)!.OnPremisesObjectIdentifier);
    }

    [Fact]
    public async Task PatchBeta_NonNullValue_400OnlyNull()
    {
        var seed = LinkedSeed(new SeedRoleAssignment(DemoTenant.FunctionServicePrincipalId, HybridIdentityAdministrator));
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        using var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId, ["User-OnPremisesSyncBehavior.ReadWrite.All"]));

        var response = await PatchAsync(http, "beta", "{\"onPremisesObjectIdentifier\":\"other\"}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ObjectIdentifier, emulator.FindUser(LinkedId)!.OnPremisesObjectIdentifier);
    }

    [Fact]
    public async Task PatchV1_OnPremisesObjectIdentifier_400NotDeclared()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = LinkedSeed() });
        using var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        var response = await PatchAsync(http, "v1.0", "{\"onPremisesObjectIdentifier\":null}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("does not exist as a declared property", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient http, string version, string body) =>
        http.PatchAsync($"{version}/users/{LinkedId}", new StringContent(body, Encoding.UTF8, "application/json"));
}
