using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Core.Agents;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// Agent mode with a stale agent: status (a read) answers on the mirror's facts marked stale — how old, which agent —
/// with AgentStale among the blockers; writes and dry runs stay refused with AgentStale; "not found" cannot be told.
/// </summary>
public sealed class AgentStaleStatusTests(AgentModeFactory factory) : IClassFixture<AgentModeFactory>
{
    [Fact]
    public async Task Status_AgentStale_AnswersOnTheFactsMarkedStaleWhileWritesStayRefused()
    {
        var guid = Guid.NewGuid();
        var posted = await factory.AgentClient().SendAsync(AgentModeFactory.Batch(new AgentBatchBody(1, [AgentModeFactory.Entry("alex.wilber@contoso.com", guid)])));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var reader = factory.CreateClientWithRoles(AppRoles.Read);
        var fresh = await reader.GetFromJsonAsync<JsonElement>("/api/users/alex.wilber@contoso.com/immutable-id");
        Assert.False(fresh.GetProperty("onPrem").GetProperty("stale").GetBoolean());
        Assert.Contains(fresh.GetProperty("checks").EnumerateArray(), c => c.GetProperty("code").GetString() == "AgentStale" && c.GetProperty("verdict").GetString() == "passed");

        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        factory.Emulator.RequestLog.Clear();
        var status = await reader.GetAsync("/api/users/alex.wilber@contoso.com/immutable-id");
        var dryRun = await factory.CreateClientWithRoles(AppRoles.Write).PutAsync("/api/users/alex.wilber@contoso.com/immutable-id?dryRun=true", null);
        var unknown = await reader.GetAsync("/api/users/nobody.here@contoso.com/immutable-id");

        var body = await status.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(status.StatusCode == HttpStatusCode.OK, body.ToString());
        var onPrem = body.GetProperty("onPrem");
        Assert.True(onPrem.GetProperty("stale").GetBoolean());
        Assert.Equal("agent", onPrem.GetProperty("source").GetString());
        Assert.Equal(AgentModeFactory.AgentId, onPrem.GetProperty("agentId").GetString());
        Assert.Equal(guid, onPrem.GetProperty("objectGuid").GetGuid());
        Assert.True(factory.Clock.GetUtcNow() - onPrem.GetProperty("agentLastSync").GetDateTimeOffset() > TimeSpan.FromMinutes(30));
        var blocker = Assert.Single(body.GetProperty("blockers").EnumerateArray(), b => b.GetProperty("code").GetString() == "AgentStale");
        Assert.Contains("last synced 31 minutes ago", blocker.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, dryRun.StatusCode);
        Assert.NotNull(dryRun.Headers.RetryAfter);
        Assert.Equal("AgentStale", (await dryRun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unknown.StatusCode);
        Assert.Equal("AgentStale", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Empty(factory.Emulator.RequestLog.WithMethod("PATCH"));
    }
}

/// <summary>Readiness in Agent mode follows the agents' freshness: never synced or stale → 503 naming the agent.</summary>
public sealed class AgentReadinessTests(AgentModeFactory factory) : IClassFixture<AgentModeFactory>
{
    [Fact]
    public async Task Ready_AgentModeFollowsAgentFreshness_NeverSyncedThenFreshThenStale()
    {
        var client = factory.CreateClient();

        var never = await client.GetAsync("/api/health?ready=true");
        var posted = await factory.AgentClient().SendAsync(AgentModeFactory.Batch(new AgentBatchBody(1, [AgentModeFactory.Entry("adele.vance@contoso.com")])));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(1)); // past the readiness cache
        var fresh = await client.GetAsync("/api/health?ready=true");
        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        var stale = await client.GetAsync("/api/health?ready=true");

        await AssertAgentNotReadyAsync(never);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        await AssertAgentNotReadyAsync(stale);
    }

    private static async Task AssertAgentNotReadyAsync(HttpResponseMessage response)
    {
        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "NotReady");
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var onPrem = root.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "onPrem");
        Assert.Equal("failed", onPrem.GetProperty("status").GetString());
        Assert.Contains($"on-prem agent '{AgentModeFactory.AgentId}'", onPrem.GetProperty("check").GetString(), StringComparison.Ordinal);
        Assert.Contains("Agents:StaleAfter", onPrem.GetProperty("check").GetString(), StringComparison.Ordinal);
        Assert.All(root.GetProperty("dependencies").EnumerateArray().Where(d => d.GetProperty("name").GetString() != "onPrem"),
            d => Assert.Equal("ready", d.GetProperty("status").GetString()));
    }
}
