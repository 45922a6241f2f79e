using ImmutableId.Core.Entra;
using ImmutableId.EntraEmulator;
using ImmutableId.EntraEmulator.Faults;
using ImmutableId.EntraEmulator.Seeding;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Entra.Tests;

/// <summary>The tenant listing an assess job without users discovers its candidates from, wired as the hosts wire it.</summary>
public sealed class GraphCloudUserCatalogTests
{
    private static readonly string[] UserReadRoles =
    [
        "df021288-bdef-4463-88db-98f22de89214", "741f803b-c850-494e-b5df-cde7c675a1ca", "7ab1d382-f21e-4acd-a863-ba3e13f7da61", "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
    ];

    [Fact]
    public async Task ListUsersAsync_ThreePages_EveryUserOnce_SelectedFields_LowPriority()
    {
        var seed = SeedJson.Demo() with { BulkUsers = [new SeedBulkUsers(2_100, "contoso.com", "bulk", WithImmutableIdEvery: 7)] };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        await using var services = EntraDirectoryFactory.Create(emulator);

        var users = await Collect(services.GetRequiredService<ICloudUserCatalog>());

        var lists = emulator.RequestLog.RoundTrips.Where(r => r.Method == "GET" && r.Path == "/users").ToList();
        Assert.Equal(3, lists.Count);
        Assert.All(lists, r => Assert.Equal("low", r.Headers["x-ms-throttle-priority"]));
        Assert.Equal(users.Count, users.Select(u => u.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(2_100 + seed.Users!.Count, users.Count);
        var lee = Assert.Single(users, u => u.UserPrincipalName == "lee.gu@contoso.com");
        Assert.Equal(("HIorb049UE+Ka3yNng8aKw==", true, "Member"), (lee.OnPremisesImmutableId, lee.OnPremisesSyncEnabled, lee.UserType));
        Assert.Equal("Guest", Assert.Single(users, u => u.Id == DemoTenant.Users.JoniGuest).UserType);
        Assert.Equal(300, users.Count(u => u.UserPrincipalName!.StartsWith("bulk", StringComparison.Ordinal) && u.OnPremisesImmutableId is not null));
    }

    [Fact]
    public async Task ListUsersAsync_ThrottledAndFailingPages_RetriedWithinTheBudget_NothingLostOrDoubled()
    {
        var seed = SeedJson.Demo() with { BulkUsers = [new SeedBulkUsers(1_500, "contoso.com")] };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        await using var services = EntraDirectoryFactory.Create(emulator, TimeSpan.FromSeconds(30));
        emulator.Faults = new FaultSettings(ThrottleNextRequests: 1, ThrottleRetryAfterSeconds: 1, ErrorRate: 0.3, ErrorRetryAfterSeconds: 0, RandomSeed: 4);

        var users = await Collect(services.GetRequiredService<ICloudUserCatalog>());

        Assert.Equal(1_500 + seed.Users!.Count, users.Select(u => u.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(users.Count, users.Select(u => u.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(emulator.RequestLog.RoundTrips, r => r.Path == "/users" && r.Status >= 429);
    }

    [Fact]
    public async Task ListUsersAsync_WithoutAnyUserReadPermission_ForbiddenNamingUserReadAll()
    {
        var demo = SeedJson.Demo();
        var seed = demo with { AppRoleAssignments = demo.AppRoleAssignments!.Where(a => !UserReadRoles.Contains(a.AppRoleId)).ToList() };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        await using var services = EntraDirectoryFactory.Create(emulator);

        var error = await Assert.ThrowsAsync<EntraDirectoryException>(() => Collect(services.GetRequiredService<ICloudUserCatalog>()));

        Assert.Equal(EntraFailure.Forbidden, error.Failure);
        Assert.Contains("User.Read.All", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<CloudUserListing>> Collect(ICloudUserCatalog catalog)
    {
        var users = new List<CloudUserListing>();
        await foreach (var user in catalog.ListUsersAsync())
        {
            users.Add(user);
        }

        return users;
    }
}
