using System.Diagnostics;
using System.Net;
using ImmutableId.EntraEmulator.Faults;
using Microsoft.Graph.Models;

namespace ImmutableId.EntraEmulator.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task ErrorRateOne_Every503Or504CarriesRetryAfter()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        emulator.Faults = new FaultSettings(ErrorRate: 1, ErrorRetryAfterSeconds: 3);
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        for (var i = 0; i < 6; i++)
        {
            using var response = await http.GetAsync("v1.0/domains");
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout });
            Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter!.Delta);
        }
    }

    [Fact]
    public async Task ErrorRate_SameSeed_SameSequence()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        async Task<List<HttpStatusCode>> RunAsync()
        {
            emulator.Faults = new FaultSettings(ErrorRate: 0.5, RandomSeed: 7);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 20; i++)
            {
                using var response = await http.GetAsync("v1.0/domains");
                statuses.Add(response.StatusCode);
            }

            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains(HttpStatusCode.OK, first);
        Assert.Contains(first, s => s != HttpStatusCode.OK);
    }

    [Fact]
    public async Task DropRateOne_ConnectionDroppedWithoutAnswer()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        emulator.Faults = new FaultSettings(DropRate: 1);
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("v1.0/domains"));
    }

    [Fact]
    public async Task DropAfterApplyRateOne_WriteAppliedButTheAnswerIsLost()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));
        emulator.Faults = new FaultSettings(DropAfterApplyRate: 1);

        using var patch = new StringContent("{\"onPremisesImmutableId\":\"AAECAwQFBgcICQoLDA0ODw==\"}", System.Text.Encoding.UTF8, "application/json");
        await Assert.ThrowsAsync<HttpRequestException>(() => http.PatchAsync($"v1.0/users/{DemoTenant.Users.Adele}", patch));
        emulator.Faults = new FaultSettings();
        using var read = await http.GetAsync($"v1.0/users/{DemoTenant.Users.Adele}?$select=onPremisesImmutableId");

        Assert.Contains("AAECAwQFBgcICQoLDA0ODw==", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var logged = Assert.Single(emulator.RequestLog.WithMethod("PATCH"));
        Assert.Equal(204, logged.Status);
        Assert.True(logged.AnswerDropped);
    }

    [Fact]
    public async Task Latency_Injected_RequestTakesAtLeastThatLong()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));
        await http.GetAsync("v1.0/domains"); // warm up
        emulator.Faults = new FaultSettings(LatencyMs: 200, LatencyJitterMs: 50);

        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync("v1.0/domains");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 200, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task ThrottleNextRequests_ForcesThat429sThenServes()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        emulator.Faults = new FaultSettings(ThrottleNextRequests: 2, ThrottleRetryAfterSeconds: 4);
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        using var first = await http.GetAsync("v1.0/domains");
        using var second = await http.GetAsync("v1.0/domains");
        using var third = await http.GetAsync("v1.0/domains");

        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], new[] { first.StatusCode, second.StatusCode, third.StatusCode });
        Assert.Equal(TimeSpan.FromSeconds(4), first.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task AdvancedQueryLag_NewValueInvisibleUntilTheLagPasses()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        emulator.Faults = new FaultSettings(AdvancedQueryLagMs: 700);
        var graph = GraphClients.ForFunction(emulator);
        const string anchor = "AAECAwQFBgcICQoLDA0ODw==";

        await graph.Users[DemoTenant.Users.Adele].PatchAsync(new User { OnPremisesImmutableId = anchor });
        var soon = await HoldersAsync(graph, anchor);
        var strongRead = await graph.Users[DemoTenant.Users.Adele].GetAsync(r => r.QueryParameters.Select = ["onPremisesImmutableId"]);
        await Task.Delay(900);
        var later = await HoldersAsync(graph, anchor);

        Assert.Empty(soon);
        Assert.Equal(anchor, strongRead!.OnPremisesImmutableId);
        Assert.Equal([DemoTenant.Users.Adele], later);
    }

    [Fact]
    public async Task AdvancedQueryLag_OldValueStillSeenUntilTheLagPasses()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        emulator.Faults = new FaultSettings(AdvancedQueryLagMs: 60_000);
        var graph = GraphClients.ForFunction(emulator);

        await graph.Users[DemoTenant.Users.NestorWithImmutableId].PatchAsync(new User { OnPremisesImmutableId = null });

        Assert.Equal([DemoTenant.Users.NestorWithImmutableId], await HoldersAsync(graph, DemoTenant.Users.NestorImmutableId));
    }

    private static async Task<List<string?>> HoldersAsync(Microsoft.Graph.GraphServiceClient graph, string anchor)
    {
        var page = await graph.Users.GetAsync(r =>
        {
            r.QueryParameters.Filter = $"onPremisesImmutableId eq '{anchor}'";
            r.QueryParameters.Count = true;
            r.Headers.Add("ConsistencyLevel", "eventual");
        });
        return page!.Value!.Select(u => u.Id).ToList();
    }
}
