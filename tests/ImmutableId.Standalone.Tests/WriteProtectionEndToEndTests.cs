extern alias EntraEmulator;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Standalone.Sandbox;
using ImmutableId.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// Auth, audit, idempotency and the per-user lease around the real hard-match workflow, end to end: the Standalone
/// host as the sandbox (Entra emulator with the demo tenant, demo LDIF) but with production-style Entra ID token
/// validation against the local test issuer. The emulator's request log shows what reached Graph.
/// </summary>
public sealed class WriteProtectionEndToEndTests(StandaloneFactory factory) : IClassFixture<StandaloneFactory>
{
    private const string Adele = "adele.vance@contoso.com";
    private const string AdeleAnchor = "9+XToSwLbk2PEBorPE1eAQ==";

    private EntraEmulator::ImmutableId.EntraEmulator.EntraEmulatorHost Emulator => factory.Services.GetRequiredService<SandboxEnvironment>().Emulator;

    private HttpClient Client(params string[] roles) => factory.CreateClientWithRoles(roles);

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a2V5.aXY.Y2lwaGVy.dGFn")]
    [InlineData("a.b.c.d")]
    [InlineData("only-one-segment")]
    [InlineData("a..b")]
    [InlineData("e30.e30.%%%")]
    public async Task AnyRoute_MalformedOrEncryptedToken_Answers401Problem(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token);

        foreach (var (method, path) in new[] { ("PUT", $"/api/users/{Adele}/immutable-id"), ("GET", $"/api/users/{Adele}/immutable-id"), ("GET", "/api/operations"), ("POST", "/api/convert") })
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json("{}") });

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("InvalidToken", doc.RootElement.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task Put_TwentyConcurrentForOneUser_ExactlyOneGraphPatch()
    {
        Emulator.Reset();
        var client = Client(AppRoles.Write);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            client.PutAsync($"/api/users/{Adele}/immutable-id", Json($"{{\"ticket\":\"INC-C{i}\"}}"))));

        Assert.Single(Emulator.RequestLog.WithMethod("PATCH"));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var outcomes = await Task.WhenAll(responses.Select(async r => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString()));
        Assert.Equal(1, outcomes.Count(o => o == "succeeded"));
        Assert.Equal(19, outcomes.Count(o => o == "noChange"));
    }

    public static TheoryData<string, string, HttpStatusCode> RefusedCalls => new()
    {
        { "none", "PUT", HttpStatusCode.Unauthorized },
        { "expired", "PUT", HttpStatusCode.Unauthorized },
        { "notYetValid", "PUT", HttpStatusCode.Unauthorized },
        { "wrongAudience", "PUT", HttpStatusCode.Unauthorized },
        { "wrongIssuer", "PUT", HttpStatusCode.Unauthorized },
        { "forged", "PUT", HttpStatusCode.Unauthorized },
        { "algNone", "PUT", HttpStatusCode.Unauthorized },
        { "noRoles", "PUT", HttpStatusCode.Forbidden },
        { "readOnly", "PUT", HttpStatusCode.Forbidden },
        { "clearOnly", "PUT", HttpStatusCode.Forbidden },
        { "writeOnly", "DELETE", HttpStatusCode.Forbidden },
        { "delegatedWithoutRole", "PUT", HttpStatusCode.Forbidden },
        { "delegatedWithoutScope", "PUT", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(RefusedCalls))]
    public async Task Write_RefusedCaller_NeverReachesGraph(string kind, string method, HttpStatusCode expected)
    {
        Emulator.Reset();
        var client = factory.CreateClient();
        if (Token(kind) is { } token)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/users/{Adele}/immutable-id") { Content = Json("{}") });

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(Emulator.RequestLog.Entries);
    }

    [Fact]
    public async Task Write_DelegatedUserWithTheRole_IsAllowedAndAuditedWithTheUser()
    {
        Emulator.Reset();
        var token = factory.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Write, AppRoles.Read], UserName = "helpdesk@contoso.com" });
        var client = factory.CreateClientWithToken(token);

        var response = await client.PutAsync($"/api/users/{Adele}/immutable-id?dryRun=true", Json("{\"ticket\":\"INC-D\"}"));
        var record = await OperationAsync(client, response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("dryRun", record.GetProperty("outcome").GetString());
        Assert.False(record.GetProperty("caller").GetProperty("appOnly").GetBoolean());
        Assert.Equal("helpdesk@contoso.com", record.GetProperty("caller").GetProperty("displayName").GetString());
        Assert.Empty(Emulator.RequestLog.WithMethod("PATCH"));
    }

    [Fact]
    public async Task Set_IsAuditedWithIntentOutcomeCallerTicketAndGraphRequestId()
    {
        Emulator.Reset();
        var client = Client(AppRoles.Write, AppRoles.Read);
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/users/{Adele}/immutable-id") { Content = Json("{\"reason\":\"joiner\"}") };
        request.Headers.Add("X-Ticket-Id", "INC0012345");

        var response = await client.SendAsync(request);
        var record = await OperationAsync(client, response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("succeeded", record.GetProperty("outcome").GetString());
        Assert.Equal("INC0012345", record.GetProperty("ticket").GetString());
        Assert.Equal("joiner", record.GetProperty("reason").GetString());
        Assert.Equal(AdeleAnchor, record.GetProperty("after").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("before").ValueKind);
        Assert.Equal("objectGuid", record.GetProperty("anchorSource").GetString());
        Assert.True(record.GetProperty("verified").GetBoolean());
        Assert.False(string.IsNullOrEmpty(record.GetProperty("graphRequestId").GetString()));
        Assert.False(string.IsNullOrEmpty(record.GetProperty("traceId").GetString()));
        Assert.Equal("8d2f3c5e-0d1f-4d7c-9a3b-1c2d3e4f5a6b", record.GetProperty("caller").GetProperty("appId").GetString());
        Assert.Equal("11111111-0000-4000-8000-000000000001", record.GetProperty("target").GetProperty("cloudObjectId").GetString());
        Assert.NotEqual(JsonValueKind.Null, record.GetProperty("target").GetProperty("onPremDistinguishedName").ValueKind);
    }

    [Fact]
    public async Task Set_GuardrailRefusal_IsAuditedAsRefusedWithTheBlockers()
    {
        Emulator.Reset();
        var client = Client(AppRoles.Write, AppRoles.Read);

        var response = await client.PutAsync("/api/users/diego.siciliani@contoso.com/immutable-id", Json("{}"));
        var record = await OperationAsync(client, response);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("refused", record.GetProperty("outcome").GetString());
        Assert.Contains(record.GetProperty("guardrails").EnumerateArray(), g => g.GetProperty("code").GetString() == "PrivilegedTarget" && g.GetProperty("blocking").GetBoolean());
        Assert.Empty(Emulator.RequestLog.WithMethod("PATCH"));
    }

    [Fact]
    public async Task Set_GraphUnavailable_IsAuditedAsFailed()
    {
        Emulator.Reset();
        Emulator.Faults = new(ErrorRate: 1, ErrorRetryAfterSeconds: 0);
        var client = Client(AppRoles.Write, AppRoles.Read);
        HttpResponseMessage response;
        try
        {
            response = await client.PutAsync($"/api/users/{Adele}/immutable-id", Json("{}"));
        }
        finally
        {
            Emulator.Faults = new();
        }

        var record = await OperationAsync(client, response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("failed", record.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Put_SameIdempotencyKeyTwice_ReplaysWithoutASecondWrite()
    {
        Emulator.Reset();
        var client = Client(AppRoles.Write);
        var key = "\"" + Guid.NewGuid() + "\"";

        async Task<HttpResponseMessage> PutAsync(string body)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/users/{Adele}/immutable-id") { Content = Json(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var first = await PutAsync("{\"ticket\":\"INC-I\"}");
        var second = await PutAsync("{\"ticket\":\"INC-I\"}");
        var different = await PutAsync("{\"ticket\":\"INC-OTHER\"}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.GetValues("X-Operation-Id"), second.Headers.GetValues("X-Operation-Id"));
        Assert.Equal((HttpStatusCode)422, different.StatusCode);
        Assert.Single(Emulator.RequestLog.WithMethod("PATCH"));
    }

    [Fact]
    public async Task Clear_WithClearRole_IsAudited()
    {
        Emulator.Reset();
        var client = Client(AppRoles.Write, AppRoles.Clear, AppRoles.Read);
        await client.PutAsync($"/api/users/{Adele}/immutable-id", Json("{}"));

        var response = await client.DeleteAsync($"/api/users/{Adele}/immutable-id?ticket=CHG7");
        var record = await OperationAsync(client, response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("clear", record.GetProperty("operation").GetString());
        Assert.Equal("succeeded", record.GetProperty("outcome").GetString());
        Assert.Equal("CHG7", record.GetProperty("ticket").GetString());
        Assert.Equal(AdeleAnchor, record.GetProperty("before").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("after").ValueKind);
    }

    private async Task<JsonElement> OperationAsync(HttpClient client, HttpResponseMessage response)
    {
        var id = Assert.Single(response.Headers.GetValues("X-Operation-Id"));
        var reader = factory.CreateClientWithRoles(AppRoles.Read);
        var record = await reader.GetAsync($"/api/operations/{id}");
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        using var doc = JsonDocument.Parse(await record.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private string? Token(string kind)
    {
        var issuer = factory.Issuer;
        string[] write = [AppRoles.Write];
        return kind switch
        {
            "none" => null,
            "expired" => issuer.CreateToken(new TestToken { Roles = write, NotBefore = TimeSpan.FromHours(-2), Expires = TimeSpan.FromMinutes(-10) }),
            "notYetValid" => issuer.CreateToken(new TestToken { Roles = write, NotBefore = TimeSpan.FromMinutes(10), Expires = TimeSpan.FromMinutes(70) }),
            "wrongAudience" => issuer.CreateToken(new TestToken { Roles = write, Audience = "api://another-api" }),
            "wrongIssuer" => issuer.CreateToken(new TestToken { Roles = write, Issuer = $"https://login.microsoftonline.com/{Guid.NewGuid()}/v2.0" }),
            "forged" => issuer.CreateToken(new TestToken { Roles = write, ForgeSignature = true }),
            "algNone" => issuer.CreateUnsignedToken(new TestToken { Roles = write }),
            "noRoles" => issuer.AppToken(),
            "readOnly" => issuer.AppToken(AppRoles.Read),
            "clearOnly" => issuer.AppToken(AppRoles.Clear),
            "writeOnly" => issuer.AppToken(AppRoles.Write),
            "delegatedWithoutRole" => issuer.CreateToken(new TestToken { UserName = "someone@contoso.com" }),
            "delegatedWithoutScope" => issuer.CreateToken(new TestToken { Roles = write, UserName = "someone@contoso.com", Scopes = "User.Read" }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
