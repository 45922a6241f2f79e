extern alias EntraEmulator;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EntraEmulator::ImmutableId.EntraEmulator;
using EntraEmulator::ImmutableId.EntraEmulator.Hosting;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// What each call costs Graph, read from the emulator's request log as Graph's throttling counts it (every request
/// inside a <c>$batch</c> counts one), and the anchor-holder check for anchors with <c>+</c>, <c>/</c> and <c>=</c>
/// (the SDK's <c>$batch</c> content sent them decoded, so a <c>+</c> reached Graph as a space and the holder was missed).
/// </summary>
public sealed class WritePathCostTests(WritePathFactory factory) : IClassFixture<WritePathFactory>
{
    private readonly HttpClient _client = factory.ClientFor(Guid.NewGuid().ToString());

    [Theory]
    [InlineData("alex.wilber@contoso.com", "9+XToSwLbk2PEBorPE1eAg==", "grady.archie@contoso.com")]         // '+' and '='
    [InlineData("patti.fernandez@contoso.com", "f4qbDF1uO0wqGQh/bl1MOw==", "megan.o'brien@contoso.com")]  // '/' and '='
    public async Task AnchorHeldByAnotherUser_StatusDryRunAndSetAnswerAnchorInUse_NoPatch(string user, string anchor, string holder)
    {
        await PatchImmutableIdDirectlyAsync(holder, anchor);
        var patches = factory.Emulator.RequestLog.WithMethod("PATCH").Count;

        var status = await BodyAsync(await _client.GetAsync($"/api/users/{user}/immutable-id"));
        var dryRun = await _client.PutAsync($"/api/users/{user}/immutable-id?dryRun=true", null);
        var set = await _client.PutAsJsonAsync($"/api/users/{user}/immutable-id", new { ticket = "PLUS-1" });

        var inUse = status.GetProperty("blockers").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "AnchorInUse");
        Assert.Contains(holder, inUse.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Conflict, dryRun.StatusCode);
        Assert.Equal("AnchorInUse", (await BodyAsync(dryRun)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Conflict, set.StatusCode);
        Assert.Equal("AnchorInUse", (await BodyAsync(set)).GetProperty("code").GetString());
        Assert.Equal(patches, factory.Emulator.RequestLog.WithMethod("PATCH").Count);   // decided on the facts: no PATCH for Graph to refuse
    }

    [Fact]
    public async Task EachCall_StaysWithinItsGraphBudget()
    {
        // Warm the instance's domain cache (a cold cache adds the domain read once per domain per cache duration).
        await _client.GetAsync("/api/users/alex.wilber@contoso.com/immutable-id");

        var status = await CostAsync(() => _client.GetAsync("/api/users/zoe.muller@contoso.com/immutable-id"));
        var dryRun = await CostAsync(() => _client.PutAsync("/api/users/zoe.muller@contoso.com/immutable-id?dryRun=true", null));
        var set = await CostAsync(() => _client.PutAsJsonAsync("/api/users/zoe.muller@contoso.com/immutable-id", new { ticket = "COST-1" }));
        var clear = await CostAsync(() => _client.DeleteAsync("/api/users/zoe.muller@contoso.com/immutable-id?ticket=COST-2"));
        var refused = await CostAsync(() => _client.PutAsJsonAsync("/api/users/isaiah.langer@contoso.com/immutable-id", new { ticket = "COST-3" }));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden),
            (status.Status, dryRun.Status, set.Status, clear.Status, refused.Status));
        Assert.True(status is { RoundTrips: <= 2, Requests: <= 5 }, $"status: {status}");
        Assert.True(dryRun is { RoundTrips: <= 2, Requests: <= 5 }, $"dry run: {dryRun}");
        Assert.True(set is { RoundTrips: <= 4, Requests: <= 7 }, $"set: {set}");
        Assert.True(clear is { RoundTrips: <= 4, Requests: <= 6 }, $"clear: {clear}");
        Assert.True(refused is { RoundTrips: <= 2, Requests: <= 5 }, $"refused set: {refused}");
        Assert.Equal(1, set.Patches);
        Assert.Equal(1, clear.Patches);
        Assert.Equal(0, refused.Patches);
    }

    private async Task<Cost> CostAsync(Func<Task<HttpResponseMessage>> call)
    {
        var before = factory.Emulator.RequestLog.Entries.Count;
        using var response = await call();
        var entries = factory.Emulator.RequestLog.Entries.Skip(before).ToList();
        return new Cost(
            response.StatusCode,
            entries.Count(e => e.IsRoundTrip),
            entries.Count(e => !(e.IsRoundTrip && e.Path == "/$batch")),
            entries.Count(e => e.Method == "PATCH"));
    }

    private async Task PatchImmutableIdDirectlyAsync(string upn, string immutableId)
    {
        using var graph = new HttpClient();
        graph.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.Emulator.MintToken(DemoTenant.FunctionAppId));
        using var response = await graph.PatchAsJsonAsync($"{factory.Emulator.GraphBaseUrl}/users/{Uri.EscapeDataString(upn)}", new { onPremisesImmutableId = immutableId });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private sealed record Cost(HttpStatusCode Status, int RoundTrips, int Requests, int Patches);
}
