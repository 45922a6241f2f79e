using ImmutableId.Core.Entra;
using ImmutableId.EntraEmulator;
using ImmutableId.EntraEmulator.Faults;
using ImmutableId.EntraEmulator.Throttling;

namespace ImmutableId.Entra.Tests;

public sealed class GraphEntraDirectoryResilienceTests
{
    [Fact]
    public async Task SetImmutableIdAsync_ForcedThrottlesWithinBudget_SucceedsAfterHonouringRetryAfter()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator, TimeSpan.FromSeconds(15));
        emulator.Faults = new FaultSettings(ThrottleNextRequests: 2, ThrottleRetryAfterSeconds: 1);

        var result = await services.Directory().SetImmutableIdAsync(DemoTenant.Users.Adele, DemoTenant.Users.UnusedImmutableId);

        Assert.Equal(EntraWriteStatus.Succeeded, result.Status);
        Assert.Equal([429, 429, 204], emulator.RequestLog.WithMethod("PATCH").Select(p => p.Status));
        var times = emulator.RequestLog.WithMethod("PATCH").Select(p => p.Timestamp).ToList();
        Assert.True(times[2] - times[0] >= TimeSpan.FromSeconds(1.9), "the adapter must wait Retry-After between attempts");
    }

    [Fact]
    public async Task SetImmutableIdAsync_RetryAfterBeyondBudget_ThrottledWithRetryAfterAndNoWrite()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator, TimeSpan.FromSeconds(3));
        emulator.Faults = new FaultSettings(ThrottleNextRequests: 100, ThrottleRetryAfterSeconds: 30);

        var result = await services.Directory().SetImmutableIdAsync(DemoTenant.Users.Adele, DemoTenant.Users.UnusedImmutableId);

        Assert.Equal(EntraWriteStatus.Throttled, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), result.RetryAfter);
        Assert.Single(emulator.RequestLog.WithMethod("PATCH"));
        Assert.Null(emulator.FindUser(DemoTenant.Users.Adele)!.OnPremisesImmutableId);
    }

    [Fact]
    public async Task SetImmutableIdAsync_RealWriteBucketExhausted_WaitsAndSucceeds()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator, TimeSpan.FromSeconds(15));
        emulator.Throttling = new ThrottleSettings(WriteLimit: 1, WriteWindowSeconds: 1);
        await services.Directory().SetImmutableIdAsync(DemoTenant.Users.Adele, DemoTenant.Users.UnusedImmutableId);

        var second = await services.Directory().SetImmutableIdAsync("11111111-0000-4000-8000-000000000002", "AQECAwQFBgcICQoLDA0ODw==");

        Assert.Equal(EntraWriteStatus.Succeeded, second.Status);
        Assert.Contains(emulator.RequestLog.WithMethod("PATCH"), p => p.Status == 429);
    }

    [Fact]
    public async Task SetImmutableIdAsync_ServiceUnavailableBeyondBudget_UnavailableWithRetryAfter()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator, TimeSpan.FromSeconds(1));
        emulator.Faults = new FaultSettings(ErrorRate: 1, ErrorRetryAfterSeconds: 2);

        var result = await services.Directory().SetImmutableIdAsync(DemoTenant.Users.Adele, DemoTenant.Users.UnusedImmutableId);

        Assert.Equal(EntraWriteStatus.Unavailable, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), result.RetryAfter);
        // The operator learns what Graph last answered, not only that it was unavailable.
        Assert.Matches(@"the last: HTTP (503 serviceNotAvailable|504 gatewayTimeout): ", result.Message);
    }

    [Fact]
    public async Task SetImmutableIdAsync_DroppedConnections_RetriedThenUnavailable()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator, TimeSpan.FromSeconds(3));
        emulator.Faults = new FaultSettings(DropRate: 1);

        var result = await services.Directory().SetImmutableIdAsync(DemoTenant.Users.Adele, DemoTenant.Users.UnusedImmutableId);

        Assert.Equal(EntraWriteStatus.Unavailable, result.Status);
        Assert.True(emulator.RequestLog.WithMethod("PATCH").Count > 1, "dropped connections are retried within the budget");
        Assert.Contains("the last: no answer (", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFactsAsync_OneBatchStepThrottled_RetriesOnlyThatStep()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);
        var resolved = await services.Directory().ResolveUserAsync("adele.vance@contoso.com");
        emulator.Faults = new FaultSettings(ThrottleNextRequests: 1, ThrottleRetryAfterSeconds: 1);

        var preflight = await services.Directory().GetFactsAsync(resolved, DemoTenant.Users.NestorImmutableId);

        Assert.Equal(DemoTenant.Users.Adele, preflight.User!.Id);
        Assert.Single(preflight.AnchorHolders);
        Assert.True(preflight.ObjectIdentifier!.WasRead);

        // The forced 429 lands on the batch's first step; one more batch carries only that step.
        var throttled = Assert.Single(emulator.RequestLog.Entries, e => e.Status == 429);
        Assert.False(throttled.IsRoundTrip);
        var batches = emulator.RequestLog.RoundTrips.Where(r => r.Path == "/$batch").ToList();
        Assert.Equal(2, batches.Count);
        Assert.Equal([429, 200], emulator.RequestLog.Entries.Where(e => e.BatchRequestId == throttled.BatchRequestId).Select(e => e.Status));
        var steps = emulator.RequestLog.Entries.Where(e => !e.IsRoundTrip).ToList();
        Assert.Equal(steps.Select(e => e.BatchRequestId).Distinct().Count() + 1, steps.Count);
    }

    [Fact]
    public async Task GetPreflightAsync_ThrottledBeyondBudget_ThrowsThrottledWithRetryAfter()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator, TimeSpan.FromSeconds(2));
        emulator.Faults = new FaultSettings(ThrottleNextRequests: 100, ThrottleRetryAfterSeconds: 20);

        var error = await Assert.ThrowsAsync<EntraDirectoryException>(() => services.Directory().GetPreflightAsync("adele.vance@contoso.com", null));

        Assert.Equal(EntraFailure.Throttled, error.Failure);
        Assert.Equal(TimeSpan.FromSeconds(20), error.RetryAfter);
    }

    [Fact]
    public async Task GetUserAsync_TransientFailuresWithinBudget_Recovers()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator, TimeSpan.FromSeconds(15));
        emulator.Faults = new FaultSettings(ThrottleNextRequests: 1, ThrottleRetryAfterSeconds: 1);

        var user = await services.Directory().GetUserAsync("adele.vance@contoso.com");

        Assert.Equal(DemoTenant.Users.Adele, user!.Id);
    }
}
