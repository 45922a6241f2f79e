using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImmutableId.Api.Auth;

namespace ImmutableId.Standalone.Tests;

/// <summary>The sandbox as `dotnet run` starts it with no configuration: the emulator's demo tenant and the demo LDIF.</summary>
public sealed class SandboxEndpointTests(StandaloneFactory factory) : IClassFixture<StandaloneFactory>
{
    // Real Entra-style tokens (the factory's test issuer) with every role the user endpoints need.
    private readonly HttpClient _client = factory.CreateClientWithRoles(AppRoles.Read, AppRoles.Write, AppRoles.Clear);

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Sandbox_HardMatchDryRunClearAndPrivilegedRefusal_BehaveAsTheBannerSays()
    {
        // Dry run first: nothing written.
        var dry = await _client.PutAsync("/api/users/alex.wilber@contoso.com/immutable-id?dryRun=true", null);
        var dryBody = await BodyAsync(dry);
        Assert.True(dry.StatusCode == HttpStatusCode.OK, dryBody.ToString());
        Assert.Equal("planned", dryBody.GetProperty("outcome").GetString());
        Assert.Equal("9+XToSwLbk2PEBorPE1eAg==", dryBody.GetProperty("after").GetString());

        // Hard match: Base64 of the demo LDIF's objectGUID.
        var set = await _client.PutAsJsonAsync("/api/users/adele.vance@contoso.com/immutable-id", new { ticket = "INC0001" });
        var setBody = await BodyAsync(set);
        Assert.True(set.StatusCode == HttpStatusCode.OK, setBody.ToString());
        Assert.Equal("9+XToSwLbk2PEBorPE1eAQ==", setBody.GetProperty("after").GetString());
        Assert.True(setBody.GetProperty("verified").GetBoolean());

        // Clear.
        var clear = await _client.DeleteAsync("/api/users/adele.vance@contoso.com/immutable-id?ticket=INC0002");
        var clearBody = await BodyAsync(clear);
        Assert.True(clear.StatusCode == HttpStatusCode.OK, clearBody.ToString());
        Assert.Equal(JsonValueKind.Null, clearBody.GetProperty("after").ValueKind);

        // Refused: a Global Administrator whose AD account is protected too.
        var refused = await _client.PutAsync("/api/users/diego.siciliani@contoso.com/immutable-id", null);
        var refusedBody = await BodyAsync(refused);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var codes = refusedBody.GetProperty("blockers").EnumerateArray().Select(b => b.GetProperty("code").GetString()).ToArray();
        Assert.Contains("PrivilegedTarget", codes);
        Assert.Contains("ProtectedOnPremAccount", codes);
    }

    [Fact]
    public async Task Set_BodyFieldOfTheWrongType_InvalidJsonNamesTheFieldAndItsType()
    {
        using var content = new StringContent("{\"ticket\":\"INC0001\",\"replace\":\"yes\"}", System.Text.Encoding.UTF8, "application/json");

        var response = await _client.PutAsync("/api/users/adele.vance@contoso.com/immutable-id?dryRun=true", content);

        var problem = await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidJson");
        Assert.StartsWith("The field 'replace' must be true or false (without quotes) (line 1, byte", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("isaiah.langer@contoso.com", HttpStatusCode.Forbidden, "PrivilegedTarget")]
    [InlineData("lynne.robbins@contoso.com", HttpStatusCode.Forbidden, "PrivilegedTarget")]
    [InlineData("pradeep.gupta@fabrikam.com", HttpStatusCode.UnprocessableEntity, "FederatedDomain")]
    [InlineData("lee.gu@contoso.com", HttpStatusCode.Conflict, "CloudUserSynced")]
    [InlineData("grady.archie@contoso.com", HttpStatusCode.UnprocessableEntity, "OnPremAccountDisabled")]
    public async Task Sandbox_DemoRefusals_AnswerTheirCodes(string upn, HttpStatusCode status, string code)
    {
        var response = await _client.PutAsync($"/api/users/{upn}/immutable-id?dryRun=true", null);

        var body = await BodyAsync(response);
        Assert.True(response.StatusCode == status, body.ToString());
        Assert.Equal(code, body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Sandbox_SucceededSetAndClear_AnswerTheStateAfterTheWrite()
    {
        var set = await _client.PutAsync("/api/users/patti.fernandez@contoso.com/immutable-id", null);
        var setBody = await BodyAsync(set);
        Assert.True(set.StatusCode == HttpStatusCode.OK, setBody.ToString());
        Assert.Equal("succeeded", setBody.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, setBody.GetProperty("before").ValueKind);
        Assert.Equal("matched", setBody.GetProperty("matchState").GetString());
        Assert.Equal(setBody.GetProperty("after").GetString(), setBody.GetProperty("cloud").GetProperty("onPremisesImmutableId").GetString());

        // DELETE without a body: ticket and reason as query parameters, recorded in the audit record.
        var clear = await _client.DeleteAsync("/api/users/patti.fernandez@contoso.com/immutable-id?ticket=CHG0042&reason=wrong%20anchor");
        var clearBody = await BodyAsync(clear);
        Assert.True(clear.StatusCode == HttpStatusCode.OK, clearBody.ToString());
        Assert.Equal("notSet", clearBody.GetProperty("matchState").GetString());
        Assert.Equal(JsonValueKind.Null, clearBody.GetProperty("cloud").GetProperty("onPremisesImmutableId").ValueKind);
        var record = await BodyAsync(await _client.GetAsync("/api/operations/" + clear.Headers.GetValues("X-Operation-Id").Single()));
        Assert.Equal("CHG0042", record.GetProperty("ticket").GetString());
        Assert.Equal("wrong anchor", record.GetProperty("reason").GetString());

        // A dry run describes the state as read: nothing was written.
        var dry = await BodyAsync(await _client.PutAsync("/api/users/patti.fernandez@contoso.com/immutable-id?dryRun=true", null));
        Assert.Equal("notSet", dry.GetProperty("matchState").GetString());
        Assert.Equal(JsonValueKind.Null, dry.GetProperty("cloud").GetProperty("onPremisesImmutableId").ValueKind);
    }

    [Fact]
    public async Task Sandbox_NestorAlreadyMatched_Status()
    {
        var response = await _client.GetAsync("/api/users/nestor.wilke@contoso.com/immutable-id");

        var body = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal("matched", body.GetProperty("matchState").GetString());
    }
}
