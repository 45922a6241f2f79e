using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Core.Agents;

namespace ImmutableId.Standalone.Tests;

/// <summary>An agent that stopped syncing: lookups over the mirror are refused (AgentStale), nothing reaches Graph's write.</summary>
public sealed class AgentStaleTests(AgentModeFactory factory) : IClassFixture<AgentModeFactory>
{
    [Fact]
    public async Task Put_AgentLastSyncOlderThanStaleAfter_RefusedWithAgentStaleAndNoPatch()
    {
        var posted = await factory.AgentClient().SendAsync(AgentModeFactory.Batch(new AgentBatchBody(1, [AgentModeFactory.Entry("alex.wilber@contoso.com")])));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var fresh = await factory.CreateClientWithRoles(AppRoles.Write).PutAsync("/api/users/alex.wilber@contoso.com/immutable-id?dryRun=true", null);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        factory.Emulator.RequestLog.Clear();
        var stale = await factory.CreateClientWithRoles(AppRoles.Write).PutAsync("/api/users/alex.wilber@contoso.com/immutable-id", null);
        var agents = await factory.CreateClientWithRoles(AppRoles.Read).GetFromJsonAsync<JsonElement>("/api/agents");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, stale.StatusCode);
        Assert.NotNull(stale.Headers.RetryAfter);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("AgentStale", problem.GetProperty("code").GetString());
        Assert.Contains("AgentStale", problem.GetProperty("blockers")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(factory.Emulator.RequestLog.WithMethod("PATCH"));
        Assert.True(agents.GetProperty("agents")[0].GetProperty("stale").GetBoolean());
    }
}
