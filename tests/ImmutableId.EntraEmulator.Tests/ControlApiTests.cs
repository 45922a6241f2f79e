using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.EntraEmulator.Tests;

public sealed class ControlApiTests
{
    [Fact]
    public async Task Token_MintedOverHttp_WorksAgainstGraph()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var control = GraphClients.Http(emulator, token: null);

        var minted = await (await control.PostAsJsonAsync("_emulator/token", new { appId = DemoTenant.FunctionAppId })).Content.ReadFromJsonAsync<JsonObject>();
        var http = GraphClients.Http(emulator, (string)minted!["access_token"]!);
        using var response = await http.GetAsync("v1.0/users/adele.vance@contoso.com");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_WithoutAppId_400()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var control = GraphClients.Http(emulator, token: null);

        using var response = await control.PostAsJsonAsync("_emulator/token", new { roles = new[] { "User.Read.All" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Requests_LogHoldsMethodPathBodyAndNoToken()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var token = emulator.MintToken(DemoTenant.FunctionAppId);
        var http = GraphClients.Http(emulator, token);
        await http.GetAsync("v1.0/users?$filter=mail eq 'adele.vance@contoso.com'");

        var log = await http.GetStringAsync("_emulator/requests");

        var entry = JsonNode.Parse(log)!.AsArray().Single()!;
        Assert.Equal("GET", (string?)entry["method"]);
        Assert.Equal("/users", (string?)entry["path"]);
        Assert.Equal("$filter=mail eq 'adele.vance@contoso.com'", (string?)entry["query"]);
        Assert.Equal(DemoTenant.FunctionAppId, (string?)entry["appId"]);
        Assert.DoesNotContain(token, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_AfterWritesAndFaults_BackToSeed()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));
        await http.PatchAsync($"v1.0/users/{DemoTenant.Users.Adele}", JsonContent.Create(new { displayName = "changed" }));
        await http.PutAsJsonAsync("_emulator/faults", new { errorRate = 1.0 });

        using var reset = await http.PostAsync("_emulator/reset", null);
        using var after = await http.GetAsync($"v1.0/users/{DemoTenant.Users.Adele}");

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("Adele Vance", emulator.FindUser(DemoTenant.Users.Adele)!.DisplayName);
        Assert.Single(emulator.RequestLog.Entries);
    }

    [Fact]
    public async Task Seed_PostedOverHttp_ReplacesTheTenant()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, token: null);
        var seed = SeedJson.Demo() with { Users = [new SeedUser("99999999-0000-4000-8000-000000000001", "only.one@contoso.com")] };

        using var response = await http.PostAsJsonAsync("_emulator/seed", seed, SeedJson.Options);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotNull(emulator.FindUser("only.one@contoso.com"));
        Assert.Null(emulator.FindUser("adele.vance@contoso.com"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"tenantId\":\"not-a-guid\"}")]
    [InlineData("{\"tenantId\":\"c0a7e1d5-0000-4000-8000-00000000c0de\",\"users\":[{\"id\":\"1\",\"userPrincipalName\":\"a@b.c\"},{\"id\":\"1\",\"userPrincipalName\":\"b@b.c\"}]}")]
    [InlineData("nope")]
    public async Task Seed_Invalid_400AndStateKept(string body)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, token: null);

        using var response = await http.PostAsync("_emulator/seed", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Faults_InvalidRate_400()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, token: null);

        using var response = await http.PutAsJsonAsync("_emulator/faults", new { errorRate = 2.0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void DemoSeed_FileCopiedToOutput_MatchesTheEmbeddedOne()
    {
        var file = SeedJson.Load(Path.Combine(AppContext.BaseDirectory, "Seeds", "DemoTenant.json"));

        Assert.Equal(SeedJson.Demo().Users!.Select(u => u.UserPrincipalName), file.Users!.Select(u => u.UserPrincipalName));
    }
}
