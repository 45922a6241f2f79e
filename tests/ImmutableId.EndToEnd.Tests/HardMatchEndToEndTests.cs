extern alias EntraEmulator;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EntraEmulator::ImmutableId.EntraEmulator.Faults;

namespace ImmutableId.EndToEnd.Tests;

[Collection(EndToEndCollection.Name)]
public sealed class HardMatchEndToEndTests
{
    private readonly EndToEndFixture _fixture;

    public HardMatchEndToEndTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
        fixture.Reset();
    }

    private HttpClient Client => _fixture.Client;

    private static string Url(string user) => $"/api/users/{Uri.EscapeDataString(user)}/immutable-id";

    private int Patches => _fixture.Emulator.RequestLog.WithMethod("PATCH").Count;

    private string? CloudValue(string upn) => _fixture.Emulator.FindUser(upn)?.OnPremisesImmutableId;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private static async Task<JsonElement> AssertOkAsync(HttpResponseMessage response)
    {
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    [Fact]
    public async Task Set_CloudOnlyUser_WritesBase64ObjectGuidAndVerifies()
    {
        var objectGuid = await Ldapsearch.ReadBase64Async(_fixture.Samba, EndToEndSeed.Adele, "objectGUID");

        var body = await AssertOkAsync(await Client.PutAsJsonAsync(Url(EndToEndSeed.Adele), new { ticket = "INC0001", reason = "e2e" }));

        Assert.NotNull(objectGuid);
        Assert.Equal("succeeded", body.GetProperty("outcome").GetString());
        Assert.Equal(objectGuid, body.GetProperty("after").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("before").ValueKind);
        Assert.Equal("objectGuid", body.GetProperty("anchor").GetProperty("source").GetString());
        Assert.True(body.GetProperty("verified").GetBoolean());
        Assert.Contains("Start-ADSyncSyncCycle -PolicyType Delta", body.GetProperty("nextSteps")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(objectGuid, CloudValue(EndToEndSeed.Adele));
        Assert.Equal(1, Patches);
    }

    [Fact]
    public async Task Set_ConsistencyGuidSet_WritesBase64ConsistencyGuid()
    {
        var consistency = await Ldapsearch.ReadBase64Async(_fixture.Samba, EndToEndSeed.Carla, "mS-DS-ConsistencyGuid");

        var body = await AssertOkAsync(await Client.PutAsJsonAsync(Url(EndToEndSeed.Carla), new { }));

        Assert.Equal(EndToEndSeed.CarlaConsistencyImmutableId, consistency);
        Assert.Equal(consistency, body.GetProperty("after").GetString());
        Assert.Equal("consistencyGuid", body.GetProperty("anchor").GetProperty("source").GetString());
        Assert.Contains(body.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "AnchorSourceMismatch");
        Assert.Equal(consistency, CloudValue(EndToEndSeed.Carla));
    }

    [Fact]
    public async Task Set_ByObjectGuid_ResolvesTheUserAndWritesItsAnchor()
    {
        var objectGuid = await Ldapsearch.ReadBase64Async(_fixture.Samba, EndToEndSeed.Alex, "objectGUID");
        var guid = new Guid(Convert.FromBase64String(objectGuid!));

        var status = await AssertOkAsync(await Client.GetAsync(Url(guid.ToString())));
        var body = await AssertOkAsync(await Client.PutAsJsonAsync(Url(guid.ToString()), new { objectGuid = guid.ToString() }));

        Assert.Equal(EndToEndSeed.Alex, status.GetProperty("target").GetProperty("userPrincipalName").GetString());
        Assert.Equal("notSet", status.GetProperty("matchState").GetString());
        Assert.Equal(objectGuid, body.GetProperty("after").GetString());
        Assert.Equal(objectGuid, CloudValue(EndToEndSeed.Alex));
    }

    [Fact]
    public async Task DryRun_SetAndClear_WriteNothing()
    {
        var objectGuid = await Ldapsearch.ReadBase64Async(_fixture.Samba, EndToEndSeed.Alex, "objectGUID");

        var set = await AssertOkAsync(await Client.PutAsJsonAsync(Url(EndToEndSeed.Alex) + "?dryRun=true", new { }));
        var clear = await AssertOkAsync(await Client.DeleteAsync(Url(EndToEndSeed.AlreadySet) + "?dryRun=true"));

        Assert.Equal("planned", set.GetProperty("outcome").GetString());
        Assert.Equal(objectGuid, set.GetProperty("after").GetString());
        Assert.Equal("planned", clear.GetProperty("outcome").GetString());
        Assert.Equal(0, Patches);
        Assert.Null(CloudValue(EndToEndSeed.Alex));
        Assert.Equal(EndToEndSeed.AlreadySetValue, CloudValue(EndToEndSeed.AlreadySet));
    }

    [Fact]
    public async Task Clear_AfterSet_SendsJsonNullAndTheValueIsGone()
    {
        await AssertOkAsync(await Client.PutAsJsonAsync(Url(EndToEndSeed.Adele), new { }));
        Assert.NotNull(CloudValue(EndToEndSeed.Adele));

        var body = await AssertOkAsync(await Client.DeleteAsync(Url(EndToEndSeed.Adele) + "?ticket=CHG42"));

        Assert.Equal("succeeded", body.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("after").ValueKind);
        Assert.True(body.GetProperty("verified").GetBoolean());
        Assert.Equal("CHG42", body.GetProperty("ticket").GetString());
        Assert.Null(CloudValue(EndToEndSeed.Adele));
        var patch = _fixture.Emulator.RequestLog.WithMethod("PATCH").Last();
        using var sent = JsonDocument.Parse(patch.Body!);
        Assert.Equal(JsonValueKind.Null, sent.RootElement.GetProperty("onPremisesImmutableId").ValueKind);
    }

    [Fact]
    public async Task Set_AlreadyMatched_SucceedsWithoutASecondWrite()
    {
        await AssertOkAsync(await Client.PutAsJsonAsync(Url(EndToEndSeed.Adele), new { }));

        var body = await AssertOkAsync(await Client.PutAsJsonAsync(Url(EndToEndSeed.Adele), new { }));

        Assert.Equal("noChange", body.GetProperty("outcome").GetString());
        Assert.Contains(body.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "AlreadyMatched");
        Assert.Equal(1, Patches);
    }

    [Theory]
    [InlineData(EndToEndSeed.Synced, HttpStatusCode.Conflict, "CloudUserSynced")]
    [InlineData(EndToEndSeed.Active, HttpStatusCode.Forbidden, "PrivilegedTarget")]
    [InlineData(EndToEndSeed.Eligible, HttpStatusCode.Forbidden, "PrivilegedTarget")]
    [InlineData(EndToEndSeed.ViaGroup, HttpStatusCode.Forbidden, "PrivilegedTarget")]
    [InlineData(EndToEndSeed.AlreadySet, HttpStatusCode.Conflict, "ImmutableIdAlreadySet")]
    [InlineData(EndToEndSeed.Linked, HttpStatusCode.Conflict, "CloudUserLinked")]
    [InlineData(EndToEndSeed.InUse, HttpStatusCode.Conflict, "AnchorInUse")]
    [InlineData(EndToEndSeed.Federated, HttpStatusCode.UnprocessableEntity, "FederatedDomain")]
    [InlineData(EndToEndSeed.OtherOu, HttpStatusCode.Forbidden, "OutOfScope")]
    [InlineData(EndToEndSeed.OutsideDomain, HttpStatusCode.Forbidden, "OutOfScope")]
    [InlineData(EndToEndSeed.Disabled, HttpStatusCode.UnprocessableEntity, "OnPremAccountDisabled")]
    [InlineData(EndToEndSeed.Protected, HttpStatusCode.Forbidden, "ProtectedOnPremAccount")]
    [InlineData(EndToEndSeed.Guest, HttpStatusCode.UnprocessableEntity, "GuestUser")]
    [InlineData(EndToEndSeed.Nobody, HttpStatusCode.NotFound, "OnPremUserNotFound")]
    public async Task Set_Guardrail_RefusedWithItsCodeAndNoPatch(string upn, HttpStatusCode status, string code)
    {
        var before = CloudValue(upn);

        var response = await Client.PutAsJsonAsync(Url(upn), new { ticket = "INC9" });

        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(code, body.GetProperty("blockers").EnumerateArray().Select(b => b.GetProperty("code").GetString()));
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("traceId").GetString()));
        Assert.Equal(0, Patches);
        Assert.Equal(before, CloudValue(upn));
    }

    [Fact]
    public async Task Status_LinkedUser_CloudUserLinkedBlockedReadFromGraphBeta()
    {
        var body = await AssertOkAsync(await Client.GetAsync(Url(EndToEndSeed.Linked)));

        var check = Check(body, "CloudUserLinked");
        Assert.Equal("blocked", check.GetProperty("verdict").GetString());
        Assert.Contains("0f0e0d0c-0b0a-0908-0706-050403020100", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(_fixture.Emulator.RequestLog.Entries, e => e.Path.StartsWith("/beta/users/", StringComparison.Ordinal) && e.Status == 200);
    }

    [Fact]
    public async Task Set_GraphBetaUnavailable_CloudUserLinkedUnknownInTheAnswerAndTheAudit()
    {
        _fixture.Emulator.Faults = new FaultSettings(BetaErrorStatus: 404);

        var status = await AssertOkAsync(await Client.GetAsync(Url(EndToEndSeed.Adele)));
        var setResponse = await Client.PutAsJsonAsync(Url(EndToEndSeed.Adele), new { ticket = "INC0042" });
        var set = await AssertOkAsync(setResponse);

        foreach (var body in new[] { status, set })
        {
            var check = Check(body, "CloudUserLinked");
            Assert.Equal("unknown", check.GetProperty("verdict").GetString());
            Assert.Contains("could not be read", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("succeeded", set.GetProperty("outcome").GetString());
        var operation = await AssertOkAsync(await Client.GetAsync($"/api/operations/{setResponse.Headers.GetValues("X-Operation-Id").Single()}"));
        Assert.Contains("\"unknown\"", operation.ToString(), StringComparison.Ordinal);
    }

    private static JsonElement Check(JsonElement body, string code) =>
        Assert.Single(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("code").GetString() == code);

    [Fact]
    public async Task Set_ObjectGuidHintOfAnotherUser_RefusedWithNoPatch()
    {
        var other = await Ldapsearch.ReadBase64Async(_fixture.Samba, EndToEndSeed.Alex, "objectGUID");

        var response = await Client.PutAsJsonAsync(Url(EndToEndSeed.Adele), new { objectGuid = new Guid(Convert.FromBase64String(other!)).ToString() });

        var body = await JsonAsync(response);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("ObjectGuidMismatch", body.GetProperty("code").GetString());
        Assert.Equal(0, Patches);
    }

    [Theory]
    [InlineData(EndToEndSeed.Synced, HttpStatusCode.Conflict, "CloudUserSynced")]
    [InlineData(EndToEndSeed.Active, HttpStatusCode.Forbidden, "PrivilegedTarget")]
    [InlineData(EndToEndSeed.Holder, HttpStatusCode.OK, null)]
    public async Task Clear_Guardrails_ApplyToClearToo(string upn, HttpStatusCode status, string? code)
    {
        var response = await Client.DeleteAsync(Url(upn));

        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        if (code is not null)
        {
            Assert.Equal(code, body.GetProperty("code").GetString());
            Assert.Equal(0, Patches);
        }
        else
        {
            Assert.Null(CloudValue(upn));
        }
    }

    [Fact]
    public async Task Set_ApostropheUpn_Writes()
    {
        var objectGuid = await Ldapsearch.ReadBase64Async(_fixture.Samba, EndToEndSeed.Megan, "objectGUID");

        var body = await AssertOkAsync(await Client.PutAsJsonAsync(Url(EndToEndSeed.Megan), new { }));

        Assert.Equal(objectGuid, body.GetProperty("after").GetString());
        Assert.Equal(objectGuid, CloudValue(EndToEndSeed.Megan));
    }

    [Fact]
    public async Task ExtGuestUpn_StatusShowsGuestAndSetIsRefused()
    {
        var status = await AssertOkAsync(await Client.GetAsync(Url(EndToEndSeed.GuestExt)));
        var response = await Client.PutAsJsonAsync(Url(EndToEndSeed.GuestExt), new { });

        var codes = status.GetProperty("blockers").EnumerateArray().Select(b => b.GetProperty("code").GetString()).ToArray();
        Assert.Contains("GuestUser", codes);
        Assert.Contains("OnPremUserNotFound", codes);
        var body = await JsonAsync(response);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("GuestUser", body.GetProperty("blockers").EnumerateArray().Select(b => b.GetProperty("code").GetString()));
        Assert.Equal(0, Patches);
    }

    [Theory]
    [InlineData("zoë.müller@contoso.com", HttpStatusCode.NotFound)]
    [InlineData("adele.vanc'e@contoso.com", HttpStatusCode.NotFound)]
    [InlineData("o'brien'or'1'eq'1@contoso.com", HttpStatusCode.NotFound)]
    [InlineData("*@contoso.com", HttpStatusCode.BadRequest)]
    [InlineData("adele*@contoso.com", HttpStatusCode.BadRequest)]
    [InlineData("*)(objectClass=*", HttpStatusCode.BadRequest)]
    [InlineData("x' or '1' eq '1@contoso.com", HttpStatusCode.BadRequest)]
    // NUL never reaches the API: Kestrel (and TestServer) refuse %00 in a path; UserKeyTests cover it.
    [InlineData("adele\\2a@contoso.com", HttpStatusCode.BadRequest)]
    public async Task UnusualOrHostileUser_NeverOverMatchesNeverFails(string user, HttpStatusCode expected)
    {
        var get = await Client.GetAsync(Url(user));
        var put = await Client.PutAsJsonAsync(Url(user), new { });

        Assert.Equal(expected, get.StatusCode);
        Assert.Equal(expected, put.StatusCode);
        await JsonAsync(get);
        await JsonAsync(put);
        Assert.Equal(0, Patches);
    }

    [Fact]
    public async Task LongUser_Answers400()
    {
        var response = await Client.GetAsync(Url(new string('a', 120) + "@contoso.com"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidUser", (await JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Set_GraphThrottlesBriefly_SucceedsWithinTheRetryBudget()
    {
        _fixture.Emulator.Faults = new FaultSettings(ThrottleNextRequests: 2, ThrottleRetryAfterSeconds: 1);

        var body = await AssertOkAsync(await Client.PutAsJsonAsync(Url(EndToEndSeed.Adele), new { }));

        Assert.Equal("succeeded", body.GetProperty("outcome").GetString());
        Assert.NotNull(CloudValue(EndToEndSeed.Adele));
        Assert.Contains(_fixture.Emulator.RequestLog.Entries, e => e.Status == 429);
    }

    [Fact]
    public async Task Set_GraphKeepsThrottling_Answers503WithRetryAfterAndWritesNothing()
    {
        _fixture.Emulator.Faults = new FaultSettings(ThrottleNextRequests: 10_000, ThrottleRetryAfterSeconds: 1);

        var response = await Client.PutAsJsonAsync(Url(EndToEndSeed.Adele), new { });

        var body = await JsonAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Throttled", body.GetProperty("code").GetString());
        Assert.True(response.Headers.RetryAfter is not null, "Retry-After is missing");
        Assert.Null(CloudValue(EndToEndSeed.Adele));
        Assert.DoesNotContain(_fixture.Emulator.RequestLog.WithMethod("PATCH"), e => e.Status is >= 200 and < 300);
    }

    [Fact]
    public async Task Convert_StillWorks_OnTheConfiguredHost()
    {
        using var content = new StringContent("{\"value\":\"35918bc9-196d-40ea-9779-889d79b753f0\"}", Encoding.UTF8, "application/json");

        var body = await AssertOkAsync(await Client.PostAsync("/api/convert", content));

        Assert.Equal("yYuRNW0Z6kCXeYidebdT8A==", body.GetProperty("immutableId").GetString());
    }
}
