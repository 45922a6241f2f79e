using ImmutableId.Core.Entra;
using ImmutableId.EntraEmulator;
using ImmutableId.EntraEmulator.Faults;
using ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.Entra.Tests;

/// <summary>onPremisesObjectIdentifier read for real from Graph beta, and reported unreadable (never empty) when it is not.</summary>
public sealed class GraphEntraDirectoryLinkTests
{
    private const string LinkedId = "99999999-0000-4000-8000-0000000000a1";
    private const string ObjectIdentifier = "5d2a9c1e-7f3b-4c8a-9e6d-1b2c3d4e5f60";

    private static EntraEmulatorOptions LinkedTenant()
    {
        var demo = SeedJson.Demo();
        return new EntraEmulatorOptions
        {
            Seed = demo with { Users = [.. demo.Users!, new SeedUser(LinkedId, "linked.user@contoso.com", OnPremisesObjectIdentifier: ObjectIdentifier)] },
        };
    }

    [Theory]
    [InlineData("linked.user@contoso.com")]
    [InlineData(LinkedId)]
    public async Task GetPreflightAsync_LinkedUser_ObjectIdentifierReadFromBeta(string key)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(LinkedTenant());
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync(key, DemoTenant.Users.UnusedImmutableId);

        Assert.Equal(ObjectIdentifier.ToUpperInvariant(), preflight.ObjectIdentifier!.Value!.ToUpperInvariant());
        Assert.True(preflight.ObjectIdentifier.WasRead);
        Assert.Equal(ObjectIdentifier, preflight.User!.OnPremisesObjectIdentifier);
        var beta = Assert.Single(emulator.RequestLog.Entries, e => e.Path.StartsWith("/beta/", StringComparison.Ordinal));
        Assert.Equal(200, beta.Status);
        Assert.Contains("onPremisesObjectIdentifier", beta.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPreflightAsync_NeverLinkedUser_ReadAndNotSet()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync("adele.vance@contoso.com", DemoTenant.Users.UnusedImmutableId);

        Assert.Equal(ObjectIdentifierRead.Answered(null), preflight.ObjectIdentifier);
        Assert.Null(preflight.User!.OnPremisesObjectIdentifier);
    }

    [Theory]
    [InlineData(403, "refused")]
    [InlineData(404, "404")]
    [InlineData(503, "unavailable")]
    public async Task GetPreflightAsync_BetaRefusedOrUnavailable_UnreadableWithReasonRestStillRead(int status, string reasonPart)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(LinkedTenant());
        emulator.Faults = new FaultSettings(BetaErrorStatus: status);
        await using var services = EntraDirectoryFactory.Create(emulator, retryBudget: TimeSpan.FromSeconds(1));

        var preflight = await services.Directory().GetPreflightAsync("linked.user@contoso.com", DemoTenant.Users.UnusedImmutableId);

        Assert.False(preflight.ObjectIdentifier!.WasRead);
        Assert.Null(preflight.ObjectIdentifier.Value);
        Assert.Contains(reasonPart, preflight.ObjectIdentifier.Reason!, StringComparison.OrdinalIgnoreCase);
        Assert.Null(preflight.User!.OnPremisesObjectIdentifier);
        Assert.Equal(DomainAuthentication.Managed, preflight.UpnDomainAuthentication);
    }

    [Fact]
    public async Task GetPreflightAsync_TheBetaReadIsTheResolve_OneBetaGetPlusOneBatch()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        await services.Directory().GetPreflightAsync("adele.vance@contoso.com", DemoTenant.Users.UnusedImmutableId);

        var roundTrips = emulator.RequestLog.RoundTrips;
        Assert.Equal(1, roundTrips.Count(r => r.Path == "/$batch"));
        Assert.Single(roundTrips, r => r.Path == "/beta/users/adele.vance@contoso.com");
        Assert.Equal(2, roundTrips.Count);
    }
}
