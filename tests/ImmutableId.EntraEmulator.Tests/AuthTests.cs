using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ImmutableId.EntraEmulator.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Request_NoToken_401InvalidAuthenticationToken()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, token: null);

        using var response = await http.GetAsync("v1.0/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", await Code(response));
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Request_ExpiredToken_401()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId, lifetime: TimeSpan.FromMinutes(-5)));

        using var response = await http.GetAsync("v1.0/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", await Code(response));
    }

    [Fact]
    public async Task Request_WrongAudience_401()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var token = emulator.Runtime.Tokens.Mint(emulator.TenantId, DemoTenant.FunctionAppId, null, ["User.Read.All"], TimeSpan.FromHours(1), "api://something-else");
        var http = GraphClients.Http(emulator, token);

        using var response = await http.GetAsync("v1.0/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_TokenSignedByAnotherKey_401()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"https://sts.windows.net/{emulator.TenantId}/",
            Audience = "https://graph.microsoft.com",
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["appid"] = DemoTenant.FunctionAppId, ["roles"] = new[] { "User.ReadWrite.All" } },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(ecdsa), SecurityAlgorithms.EcdsaSha256),
        });
        var http = GraphClients.Http(emulator, forged);

        using var response = await http.GetAsync("v1.0/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJhcHBpZCI6IngifQ.")]
    public async Task Request_MalformedOrUnsignedToken_401(string token)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, token);

        using var response = await http.GetAsync("v1.0/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("v1.0/users", "Domain.Read.All")]
    [InlineData("v1.0/domains", "User.Read.All")]
    [InlineData("v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq 'x'", "User.ReadWrite.All")]
    [InlineData("v1.0/servicePrincipals", "User.Read.All")]
    public async Task Request_WithoutThePermission_403AuthorizationRequestDenied(string url, string role)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken("55555555-0000-4000-8000-000000000001", [role]));

        using var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Authorization_RequestDenied", await Code(response));
    }

    [Fact]
    public async Task Patch_WithReadOnlyPermission_403AndNothingWritten()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.Create(emulator, emulator.MintToken(DemoTenant.FunctionAppId, ["User.Read.All"]));

        var error = await Assert.ThrowsAsync<Microsoft.Graph.Models.ODataErrors.ODataError>(() =>
            graph.Users[DemoTenant.Users.Adele].PatchAsync(new Microsoft.Graph.Models.User { OnPremisesImmutableId = "AAECAwQFBgcICQoLDA0ODw==" }));

        Assert.Equal(403, error.ResponseStatusCode);
        Assert.Null(emulator.FindUser(DemoTenant.Users.Adele)!.OnPremisesImmutableId);
    }

    [Fact]
    public async Task MintToken_WithoutRoles_CarriesTheGrantedGraphPermissions()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();

        var token = new JsonWebToken(emulator.MintToken(DemoTenant.FunctionAppId));

        Assert.Equal(["Domain.Read.All", "RoleManagement.Read.Directory", "User.ReadWrite.All"], token.Claims.Where(c => c.Type == "roles").Select(c => c.Value).Order());
        Assert.Equal(DemoTenant.FunctionServicePrincipalId, token.GetClaim("oid").Value);
    }

    private static async Task<string?> Code(HttpResponseMessage response) =>
        (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"];
}
