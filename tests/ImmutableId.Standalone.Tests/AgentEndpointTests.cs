using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Core.Agents;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// POST /api/agent/batches and GET /api/agents through the whole Standalone pipeline in OnPrem mode Agent: every
/// refusal is a problem with its code, applies nothing (the user stays unknown to status) and leaves an audit record.
/// </summary>
public sealed class AgentEndpointTests(AgentModeFactory factory) : IClassFixture<AgentModeFactory>
{
    [Fact]
    public async Task Post_ValidBatch_StatusAnswersFromTheMirrorWithSourceAndAge()
    {
        var guid = Guid.NewGuid();
        var sequence = NextSequence();

        var response = await factory.AgentClient().SendAsync(AgentModeFactory.Batch(new AgentBatchBody(sequence, [AgentModeFactory.Entry("adele.vance@contoso.com", guid)])));
        var status = await factory.CreateClientWithRoles(AppRoles.Read).GetAsync("/api/users/adele.vance@contoso.com/immutable-id");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var applied = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, applied.GetProperty("upserted").GetInt32());
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var body = await status.Content.ReadFromJsonAsync<JsonElement>();
        var onPrem = body.GetProperty("onPrem");
        Assert.Equal(guid, onPrem.GetProperty("objectGuid").GetGuid());
        Assert.Equal("agent", onPrem.GetProperty("source").GetString());
        Assert.Equal(AgentModeFactory.AgentId, onPrem.GetProperty("agentId").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(factory.Clock.GetUtcNow().ToUnixTimeMilliseconds()), onPrem.GetProperty("observedAt").GetDateTimeOffset());
        Assert.Equal(Convert.ToBase64String(guid.ToByteArray()), body.GetProperty("anchor").GetProperty("immutableId").GetString());
    }

    [Fact]
    public async Task Post_TokenWithoutAgentRole_Answers403AndAudits()
    {
        var upn = Unique();

        var response = await factory.AgentClient(AppRoles.Read).SendAsync(AgentModeFactory.Batch(new AgentBatchBody(NextSequence(), [AgentModeFactory.Entry(upn)])));

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "InsufficientRole", upn);
    }

    [Fact]
    public async Task Post_AgentRoleFromUnboundIdentity_Answers403AgentNotBound()
    {
        var upn = Unique();

        var response = await factory.CreateClientWithRoles(AppRoles.Agent).SendAsync(AgentModeFactory.Batch(new AgentBatchBody(NextSequence(), [AgentModeFactory.Entry(upn)])));

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "AgentNotBound", upn);
    }

    [Theory]
    [InlineData("GET", "/api/users/adele.vance@contoso.com/immutable-id")]
    [InlineData("PUT", "/api/users/adele.vance@contoso.com/immutable-id")]
    [InlineData("DELETE", "/api/users/adele.vance@contoso.com/immutable-id")]
    [InlineData("GET", "/api/operations")]
    [InlineData("GET", "/api/agents")]
    public async Task UserEndpoints_AgentTokenEvenWithOtherRoles_Answer403AgentTokenNotAllowed(string method, string path)
    {
        var client = factory.AgentClient(AppRoles.Agent, AppRoles.Read, AppRoles.Write, AppRoles.Clear);
        factory.Emulator.RequestLog.Clear();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("AgentTokenNotAllowed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Empty(factory.Emulator.RequestLog.Entries);
    }

    [Theory]
    [InlineData("CN=x,OU=Sales,DC=contoso,DC=com", "@contoso.com")]
    [InlineData("CN=x,DC=contoso,DC=com", "@contoso.com")]
    [InlineData("CN=x,OU=Staff,DC=contoso,DC=com,DC=evil", "@contoso.com")]
    [InlineData("CN=x,OU=Staff,DC=contoso,DC=com", "@fabrikam.com")]
    public async Task Post_EntryOutsideTheAgentsScope_Answers403NothingApplied(string dn, string domain)
    {
        var inScope = Unique();
        var outside = "out." + Guid.NewGuid().ToString("N")[..8] + domain;

        var response = await factory.AgentClient().SendAsync(AgentModeFactory.Batch(new AgentBatchBody(NextSequence(),
            [AgentModeFactory.Entry(inScope), AgentModeFactory.Entry(outside, dn: dn)])));

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "AgentEntryOutOfScope", inScope);
    }

    [Fact]
    public async Task Post_ReplayedOrOlderSequence_Answers409WithLastSequence()
    {
        var sequence = NextSequence();
        var first = await factory.AgentClient().SendAsync(AgentModeFactory.Batch(new AgentBatchBody(sequence, [AgentModeFactory.Entry(Unique())])));
        var upn = Unique();

        var replay = await factory.AgentClient().SendAsync(AgentModeFactory.Batch(new AgentBatchBody(sequence, [AgentModeFactory.Entry(upn)])));
        var older = await factory.AgentClient().SendAsync(AgentModeFactory.Batch(new AgentBatchBody(sequence - 1, [AgentModeFactory.Entry(upn)])));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var problem = await AssertRefusedAsync(replay, HttpStatusCode.Conflict, "AgentSequenceNotNewer", upn);
        Assert.Equal(sequence, problem.GetProperty("lastSequence").GetInt64());
        await AssertRefusedAsync(older, HttpStatusCode.Conflict, "AgentSequenceNotNewer", upn);
    }

    [Fact]
    public async Task Post_TamperedBody_Answers400ContentDigestMismatch()
    {
        var upn = Unique();
        var other = Unique();

        var response = await factory.AgentClient().SendAsync(AgentModeFactory.Batch(
            new AgentBatchBody(NextSequence(), [AgentModeFactory.Entry(upn)]),
            bytes => System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes).Replace(upn, other, StringComparison.Ordinal))));

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "ContentDigestMismatch", other);
    }

    [Fact]
    public async Task Post_NoContentDigest_Answers400ContentDigestMissing()
    {
        var upn = Unique();
        var request = AgentModeFactory.Batch(new AgentBatchBody(NextSequence(), [AgentModeFactory.Entry(upn)]));
        request.Headers.Remove("Content-Digest");

        var response = await factory.AgentClient().SendAsync(request);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "ContentDigestMissing", upn);
    }

    [Fact]
    public async Task Post_MoreEntriesThanAllowed_Answers413()
    {
        var upn = Unique();
        var entries = Enumerable.Range(0, AgentModeFactory.MaxEntries).Select(_ => AgentModeFactory.Entry(Unique())).Append(AgentModeFactory.Entry(upn)).ToArray();

        var response = await factory.AgentClient().SendAsync(AgentModeFactory.Batch(new AgentBatchBody(NextSequence(), entries)));

        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, "AgentBatchTooLarge", upn);
    }

    [Fact]
    public async Task ListAgents_AfterABatch_ShowsTheAgentFresh()
    {
        await factory.AgentClient().SendAsync(AgentModeFactory.Batch(new AgentBatchBody(NextSequence(), [AgentModeFactory.Entry(Unique())], AgentVersion: "9.9.9", DomainController: "dc1")));

        var response = await factory.CreateClientWithRoles(AppRoles.Read).GetFromJsonAsync<JsonElement>("/api/agents");

        var agent = Assert.Single(response.GetProperty("agents").EnumerateArray());
        Assert.Equal(AgentModeFactory.AgentId, agent.GetProperty("id").GetString());
        Assert.False(agent.GetProperty("stale").GetBoolean());
        Assert.Equal("9.9.9", agent.GetProperty("agentVersion").GetString());
        Assert.True(agent.GetProperty("entryCount").GetInt64() >= 1);
        Assert.Equal(1800, response.GetProperty("staleAfterSeconds").GetInt64());
    }

    private static long _sequence = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static long NextSequence() => Interlocked.Add(ref _sequence, 10);

    private static string Unique() => "u" + Guid.NewGuid().ToString("N")[..12] + "@contoso.com";

    /// <summary>The problem, nothing applied (the UPN is not in the mirror), and an audit record of the refusal.</summary>
    private async Task<JsonElement> AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code, string upnNotApplied)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());

        var mirror = (IOnPremMirror)factory.Services.GetService(typeof(IOnPremMirror))!;
        Assert.Empty(await mirror.FindByUserPrincipalNameAsync(upnNotApplied));

        var page = await factory.CreateClientWithRoles(AppRoles.Read).GetFromJsonAsync<JsonElement>("/api/operations?pageSize=200");
        Assert.Contains(page.GetProperty("items").EnumerateArray(), r =>
            r.GetProperty("operation").GetString() == "agentBatch"
            && r.GetProperty("outcome").GetString() == "refused"
            && r.GetProperty("guardrails").EnumerateArray().Any(g => g.GetProperty("code").GetString() == code));
        return problem;
    }
}
