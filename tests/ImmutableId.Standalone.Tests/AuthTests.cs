using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Testing;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// Entra ID token validation and app roles through the whole Standalone pipeline, with real RS256 tokens from a
/// local issuer whose OpenID metadata and keys the API fetches over HTTP. POST /api/convert needs ImmutableId.Read.
/// </summary>
public sealed class AuthTests(StandaloneFactory factory) : IClassFixture<StandaloneFactory>
{
    private static readonly object ConvertBody = new { value = "35918bc9-196d-40ea-9779-889d79b753f0" };

    [Fact]
    public async Task Convert_NoToken_Answers401WithBareBearerChallenge()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/convert", ConvertBody);

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "AuthenticationRequired");
        Assert.Equal("Bearer realm=\"ImmutableId\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Convert_BasicCredentials_Answers401()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");

        var response = await client.PostAsJsonAsync("/api/convert", ConvertBody);

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "AuthenticationRequired");
    }

    public static TheoryData<string, string> InvalidTokens => new()
    {
        { "expired", "expired" },
        { "notYetValid", "not valid before" },
        { "wrongAudience", "another audience" },
        { "wrongIssuer", "issuer is not accepted" },
        { "otherTenantIssuer", "issuer is not accepted" },
        { "forgedSignature", "signature" },
        { "algNone", "not signed" },
        { "garbage", "well-formed" },
        { "tokenAnswer", "send only the access_token value" },
    };

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task Convert_InvalidToken_Answers401InvalidTokenWithDescription(string kind, string expectedInDescription)
    {
        var token = BadToken(kind);

        var response = await factory.CreateClientWithToken(token).PostAsJsonAsync("/api/convert", ConvertBody);

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "InvalidToken");
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer realm=\"ImmutableId\", error=\"invalid_token\", error_description=\"", challenge, StringComparison.Ordinal);
        Assert.Contains(expectedInDescription, challenge, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Convert_AppTokenWithoutRoles_Answers403InsufficientScope()
    {
        var response = await factory.CreateClientWithRoles().PostAsJsonAsync("/api/convert", ConvertBody);

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "InsufficientRole");
        Assert.Equal("Bearer realm=\"ImmutableId\", error=\"insufficient_scope\", scope=\"ImmutableId.Read\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData(AppRoles.Write)]
    [InlineData(AppRoles.Clear)]
    public async Task Convert_RoleForAnotherOperation_Answers403(string role)
    {
        var response = await factory.CreateClientWithRoles(role).PostAsJsonAsync("/api/convert", ConvertBody);

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "InsufficientRole");
    }

    [Fact]
    public async Task Convert_AgentTokenEvenWithReadRole_Answers403AgentTokenNotAllowed()
    {
        var response = await factory.CreateClientWithRoles(AppRoles.Agent, AppRoles.Read).PostAsJsonAsync("/api/convert", ConvertBody);

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "AgentTokenNotAllowed");
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public async Task Convert_AppOnlyTokenWithReadRole_Answers200(int version, bool omitIdType)
    {
        var token = factory.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Read], Version = version, OmitIdType = omitIdType });

        var response = await factory.CreateClientWithToken(token).PostAsJsonAsync("/api/convert", ConvertBody);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Convert_DelegatedTokenWithScopeAndUserRole_Answers200(int version)
    {
        var token = factory.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Read], UserName = "helpdesk@contoso.com", Version = version });

        var response = await factory.CreateClientWithToken(token).PostAsJsonAsync("/api/convert", ConvertBody);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Convert_DelegatedTokenWithoutTheUsersRole_Answers403()
    {
        // The app may call the API (scope granted), but the signed-in user holds no role.
        var token = factory.Issuer.CreateToken(new TestToken { UserName = "someone@contoso.com" });

        var response = await factory.CreateClientWithToken(token).PostAsJsonAsync("/api/convert", ConvertBody);

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "InsufficientRole");
    }

    [Fact]
    public async Task Convert_DelegatedTokenWithoutTheApiScope_Answers403()
    {
        var token = factory.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Read], UserName = "someone@contoso.com", Scopes = "User.Read" });

        var response = await factory.CreateClientWithToken(token).PostAsJsonAsync("/api/convert", ConvertBody);

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "InsufficientScope");
    }

    [Fact]
    public async Task Convert_RefusedRequest_NeverRunsTheHandler()
    {
        // A body the handler would refuse with 400 InvalidJson: a 401/403 proves the handler never ran.
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");

        var unauthenticated = await factory.CreateClient().PostAsync("/api/convert", content);
        var forbidden = await factory.CreateClientWithRoles(AppRoles.Write).PostAsync("/api/convert", content);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Health_NoToken_StaysAnonymous()
    {
        var response = await factory.CreateClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Convert_TokenSignedWithTheSandboxKey_IsRefusedByAConfiguredHost()
    {
        using var sandbox = new SandboxTokenService();
        var token = sandbox.Mint([AppRoles.Read, AppRoles.Write, AppRoles.Clear]);

        var response = await factory.CreateClientWithToken(token).PostAsJsonAsync("/api/convert", ConvertBody);

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "InvalidToken");
    }

    [Fact]
    public async Task SandboxTokenEndpoint_NotInSandbox_DoesNotExist()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/_sandbox/token", new { roles = new[] { AppRoles.Read } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private string BadToken(string kind)
    {
        var issuer = factory.Issuer;
        var read = new[] { AppRoles.Read };
        return kind switch
        {
            "expired" => issuer.CreateToken(new TestToken { Roles = read, NotBefore = TimeSpan.FromHours(-2), Expires = TimeSpan.FromMinutes(-10) }),
            "notYetValid" => issuer.CreateToken(new TestToken { Roles = read, NotBefore = TimeSpan.FromMinutes(10), Expires = TimeSpan.FromMinutes(70) }),
            "wrongAudience" => issuer.CreateToken(new TestToken { Roles = read, Audience = "api://some-other-api" }),
            "wrongIssuer" => issuer.CreateToken(new TestToken { Roles = read, Issuer = "https://evil.example/" + issuer.TenantId + "/v2.0" }),
            "otherTenantIssuer" => issuer.CreateToken(new TestToken { Roles = read, Issuer = $"https://login.microsoftonline.com/{Guid.NewGuid()}/v2.0" }),
            "forgedSignature" => issuer.CreateToken(new TestToken { Roles = read, ForgeSignature = true }),
            "algNone" => issuer.CreateUnsignedToken(new TestToken { Roles = read }),
            "garbage" => "not-a-jwt",
            "tokenAnswer" => "{\"access_token\":\"" + issuer.AppToken(read) + "\",\"token_type\":\"Bearer\"}",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
