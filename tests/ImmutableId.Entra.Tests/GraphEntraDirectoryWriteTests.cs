using ImmutableId.Core.Entra;
using ImmutableId.EntraEmulator;
using ImmutableId.EntraEmulator.Seeding;
using ImmutableId.EntraEmulator.Throttling;

namespace ImmutableId.Entra.Tests;

public sealed class GraphEntraDirectoryWriteTests
{
    [Fact]
    public async Task SetImmutableIdAsync_CloudOnlyUser_SucceededWithRequestIdAndReadBack()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var result = await services.Directory().SetImmutableIdAsync(DemoTenant.Users.Adele, DemoTenant.Users.UnusedImmutableId);
        var readBack = await services.Directory().GetUserAsync(DemoTenant.Users.Adele);

        Assert.Equal(EntraWriteStatus.Succeeded, result.Status);
        Assert.True(Guid.TryParse(result.RequestId, out _));
        Assert.Equal(DemoTenant.Users.UnusedImmutableId, readBack!.OnPremisesImmutableId);
        var patch = Assert.Single(emulator.RequestLog.WithMethod("PATCH"));
        Assert.Equal("high", patch.Headers["x-ms-throttle-priority"]);
    }

    [Fact]
    public async Task SetImmutableIdAsync_AppNearGraphsWriteLimit_ReportsTheLimitPercentage()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);
        // Ten writes per window: the ninth write leaves the app at 90 % of it, above Graph's 80 % reporting line.
        emulator.Throttling = new ThrottleSettings(WriteLimit: 10, WriteWindowSeconds: 3600);

        var results = new List<EntraWriteResult>();
        for (var i = 0; i < 9; i++)
        {
            results.Add(await services.Directory().SetImmutableIdAsync(DemoTenant.Users.Adele, i % 2 == 0 ? DemoTenant.Users.UnusedImmutableId : null));
        }

        Assert.All(results, r => Assert.Equal(EntraWriteStatus.Succeeded, r.Status));
        Assert.All(results.Take(8), r => Assert.Null(r.ThrottleLimitPercentage));
        Assert.Equal(90, results[8].ThrottleLimitPercentage);
    }

    [Fact]
    public async Task SetImmutableIdAsync_Null_SendsExplicitJsonNullAndClears()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var result = await services.Directory().SetImmutableIdAsync(DemoTenant.Users.NestorWithImmutableId, null);

        Assert.Equal(EntraWriteStatus.Succeeded, result.Status);
        Assert.Null(emulator.FindUser(DemoTenant.Users.NestorWithImmutableId)!.OnPremisesImmutableId);
        var body = Assert.Single(emulator.RequestLog.WithMethod("PATCH")).Body!;
        Assert.Contains("\"onPremisesImmutableId\":null", body.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetImmutableIdAsync_ValueHeldElsewhere_AnchorInUseWithTheHolder()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var result = await services.Directory().SetImmutableIdAsync(DemoTenant.Users.Adele, DemoTenant.Users.NestorImmutableId);

        Assert.Equal(EntraWriteStatus.AnchorInUse, result.Status);
        Assert.Equal(DemoTenant.Users.NestorWithImmutableId, result.ConflictingObjectId);
        Assert.NotNull(result.RequestId);
    }

    [Theory]
    [InlineData(DemoTenant.Users.LeeSynced, DemoTenant.Users.UnusedImmutableId, EntraWriteStatus.SyncedUser)]
    [InlineData(DemoTenant.Users.PradeepFederated, DemoTenant.Users.UnusedImmutableId, EntraWriteStatus.FederatedDomain)]
    [InlineData(DemoTenant.Users.Adele, "bad$value", EntraWriteStatus.InvalidValue)]
    [InlineData(DemoTenant.Users.Adele, "bad_value", EntraWriteStatus.InvalidValue)]
    [InlineData(DemoTenant.Users.DiegoGlobalAdmin, DemoTenant.Users.UnusedImmutableId, EntraWriteStatus.Forbidden)]
    [InlineData(DemoTenant.Users.LynneViaGroup, DemoTenant.Users.UnusedImmutableId, EntraWriteStatus.Forbidden)]
    [InlineData("99999999-0000-4000-8000-000000000099", DemoTenant.Users.UnusedImmutableId, EntraWriteStatus.UserNotFound)]
    public async Task SetImmutableIdAsync_GraphRefuses_MappedByStructure(string userId, string value, EntraWriteStatus expected)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var result = await services.Directory().SetImmutableIdAsync(userId, value);

        Assert.Equal(expected, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }

    [Fact]
    public async Task SetImmutableIdAsync_ReadOnlyPermission_Forbidden()
    {
        var demo = SeedJson.Demo();
        var seed = demo with { AppRoleAssignments = demo.AppRoleAssignments!.Where(a => a.AppRoleId != "741f803b-c850-494e-b5df-cde7c675a1ca").ToList() };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        await using var services = EntraDirectoryFactory.Create(emulator);

        var result = await services.Directory().SetImmutableIdAsync(DemoTenant.Users.Adele, DemoTenant.Users.UnusedImmutableId);

        Assert.Equal(EntraWriteStatus.Forbidden, result.Status);
    }

    [Theory]
    [InlineData("User_11111111-0000-4000-8000-000000000006", "11111111-0000-4000-8000-000000000006")]
    [InlineData("11111111-0000-4000-8000-000000000006", "11111111-0000-4000-8000-000000000006")]
    [InlineData("User_not-a-guid", null)]
    [InlineData(null, null)]
    public void ObjectIdFromTarget_GraphTargets_ObjectIdOrNull(string? target, string? expected)
    {
        Assert.Equal(expected, Graph.GraphWriteErrors.ObjectIdFromTarget(target));
    }
}
