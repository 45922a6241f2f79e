using ImmutableId.Core.Entra;
using ImmutableId.EntraEmulator;
using ImmutableId.EntraEmulator.Seeding;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Entra.Tests;

public sealed class GraphEntraDirectoryReadTests
{
    [Fact]
    public async Task GetUserAsync_SyncedUserByUpn_MapsOnPremFields()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var user = await services.Directory().GetUserAsync("lee.gu@contoso.com");

        Assert.NotNull(user);
        Assert.Equal(DemoTenant.Users.LeeSynced, user.Id);
        Assert.True(user.IsSynced);
        Assert.Equal("HIorb049UE+Ka3yNng8aKw==", user.OnPremisesImmutableId);
        Assert.Equal("CN=Lee Gu,OU=Staff,DC=contoso,DC=com", user.OnPremisesDistinguishedName);
        Assert.NotNull(user.OnPremisesLastSyncDateTime);
        Assert.Equal("contoso.com", user.UpnDomain);
    }

    [Theory]
    [InlineData("megan.o'brien@contoso.com", "11111111-0000-4000-8000-000000000003")]
    [InlineData("joni_outlook.com#EXT#@contoso.onmicrosoft.com", DemoTenant.Users.JoniGuest)]
    [InlineData(DemoTenant.Users.Adele, DemoTenant.Users.Adele)]
    public async Task GetUserAsync_ApostropheGuestOrId_Found(string key, string id)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var user = await services.Directory().GetUserAsync(key);

        Assert.Equal(id, user!.Id);
    }

    [Fact]
    public async Task GetUserAsync_Guest_IsGuest()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var user = await services.Directory().GetUserAsync("joni_outlook.com#EXT#@contoso.onmicrosoft.com");

        Assert.True(user!.IsGuest);
        Assert.Equal("Guest", user.UserType);
    }

    [Theory]
    [InlineData("nobody@contoso.com")]
    [InlineData("$dollar@contoso.com")]
    [InlineData("x' or '1' eq '1")]
    [InlineData("*")]
    [InlineData("zoë@contoso.com")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task GetUserAsync_UnknownOrOddKeys_NullNeverThrows(string key)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var user = await services.Directory().GetUserAsync(key);

        Assert.Null(user);
    }

    [Fact]
    public async Task GetUserAsync_DollarUpn_UsesTheParenthesisForm()
    {
        var seed = SeedJson.Demo() with { Users = [.. SeedJson.Demo().Users!, new SeedUser("99999999-0000-4000-8000-000000000001", "$admin@contoso.com")] };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        await using var services = EntraDirectoryFactory.Create(emulator);

        var user = await services.Directory().GetUserAsync("$admin@contoso.com");

        Assert.Equal("99999999-0000-4000-8000-000000000001", user!.Id);
    }

    [Fact]
    public async Task GetPreflightAsync_DollarUpn_ResolvesByIdFirst()
    {
        var seed = SeedJson.Demo() with { Users = [.. SeedJson.Demo().Users!, new SeedUser("99999999-0000-4000-8000-000000000001", "$admin@contoso.com")] };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync("$admin@contoso.com", DemoTenant.Users.UnusedImmutableId);

        Assert.Equal("99999999-0000-4000-8000-000000000001", preflight.User!.Id);
        Assert.Equal(DomainAuthentication.Managed, preflight.UpnDomainAuthentication);
        Assert.DoesNotContain(emulator.RequestLog.Entries, e => e.Status >= 400);
    }

    [Theory]
    [InlineData("adele.vance@contoso.com")]
    [InlineData(DemoTenant.Users.Adele)]
    public async Task GetPreflightAsync_ByUpnOrId_OneResolveAndOneBatch(string key)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync(key, DemoTenant.Users.NestorImmutableId);

        Assert.Equal(DemoTenant.Users.Adele, preflight.User!.Id);
        Assert.Equal(DomainAuthentication.Managed, preflight.UpnDomainAuthentication);
        Assert.Equal(DemoTenant.Users.NestorWithImmutableId, Assert.Single(preflight.AnchorHolders).Id);
        Assert.Empty(preflight.Roles);
        // One beta GET resolves the user (with its link); one $batch reads the rest: memberships, active and eligible
        // roles, holders, and the domain on a cold cache.
        var roundTrips = emulator.RequestLog.RoundTrips;
        Assert.Equal(2, roundTrips.Count);
        Assert.StartsWith("/beta/users/", roundTrips[0].Path, StringComparison.Ordinal);
        Assert.Equal("/$batch", roundTrips[1].Path);
        Assert.Equal(6, emulator.RequestLog.Entries.Count(e => e.Path != "/$batch"));
    }

    [Fact]
    public async Task GetPreflightAsync_EveryRequest_SentWithHighPriority()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        await services.Directory().GetPreflightAsync("adele.vance@contoso.com", DemoTenant.Users.UnusedImmutableId);

        Assert.All(emulator.RequestLog.Entries, e => Assert.Equal("high", e.Headers["x-ms-throttle-priority"]));
    }

    [Fact]
    public async Task GetPreflightAsync_BulkDirectory_EveryRequestAndBatchStepSentWithLowPriority()
    {
        // The $batch steps carried "high" even from the bulk client: its handler stamps only the requests it sends.
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);
        var bulk = services.GetRequiredKeyedService<IEntraDirectory>(EntraServiceCollectionExtensions.BulkDirectoryKey);

        await bulk.GetPreflightAsync("adele.vance@contoso.com", DemoTenant.Users.UnusedImmutableId);
        await bulk.SetImmutableIdAsync(DemoTenant.Users.Adele, DemoTenant.Users.UnusedImmutableId);

        Assert.Contains(emulator.RequestLog.Entries, e => !e.IsRoundTrip);
        Assert.All(emulator.RequestLog.Entries, e => Assert.Equal("low", e.Headers["x-ms-throttle-priority"]));
    }

    [Fact]
    public async Task GetPreflightAsync_AnchorHeldByTheUserItself_NoOtherHolders()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync("nestor.wilke@contoso.com", DemoTenant.Users.NestorImmutableId);

        Assert.Empty(preflight.AnchorHolders);
        Assert.Equal(DemoTenant.Users.NestorImmutableId, preflight.User!.OnPremisesImmutableId);
    }

    [Fact]
    public async Task GetPreflightAsync_GlobalAdministrator_ActiveRoleWithName()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync("diego.siciliani@contoso.com", null);

        var role = Assert.Single(preflight.Roles);
        Assert.Equal(new RoleHolding(DemoTenant.Roles.GlobalAdministrator, "Global Administrator", RoleHoldingKind.Active), role);
    }

    [Fact]
    public async Task GetPreflightAsync_PimEligibleAdmin_EligibleRole()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync(DemoTenant.Users.IsaiahEligible, null);

        Assert.Equal(new RoleHolding(DemoTenant.Roles.PrivilegedRoleAdministrator, "Privileged Role Administrator", RoleHoldingKind.Eligible), Assert.Single(preflight.Roles));
    }

    [Fact]
    public async Task GetPreflightAsync_MemberOfRoleAssignableGroup_RoleViaGroupNamingTheGroup()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync("lynne.robbins@contoso.com", null);

        Assert.Equal(new RoleHolding(DemoTenant.Roles.HelpdeskAdministrator, "Helpdesk Administrator", RoleHoldingKind.ViaGroup, DemoTenant.Users.HelpdeskGroup), Assert.Single(preflight.Roles));
        Assert.Equal(2, emulator.RequestLog.RoundTrips.Count(r => r.Path == "/$batch"));
    }

    [Fact]
    public async Task GetPreflightAsync_EligibleViaGroup_Reported()
    {
        var demo = SeedJson.Demo();
        var seed = demo with { RoleEligibilities = [.. demo.RoleEligibilities!, new SeedRoleAssignment(DemoTenant.Users.HelpdeskGroup, DemoTenant.Roles.GlobalAdministrator)] };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync("lynne.robbins@contoso.com", null);

        Assert.Contains(new RoleHolding(DemoTenant.Roles.GlobalAdministrator, "Global Administrator", RoleHoldingKind.ViaGroup, DemoTenant.Users.HelpdeskGroup), preflight.Roles);
    }

    [Fact]
    public async Task GetPreflightAsync_FederatedDomainUser_Federated()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var byUpn = await services.Directory().GetPreflightAsync("pradeep.gupta@fabrikam.com", null);
        var byId = await services.Directory().GetPreflightAsync(DemoTenant.Users.PradeepFederated, null);

        Assert.Equal(DomainAuthentication.Federated, byUpn.UpnDomainAuthentication);
        Assert.Equal(DomainAuthentication.Federated, byId.UpnDomainAuthentication);
    }

    [Fact]
    public async Task GetPreflightAsync_UnknownUser_NullUserNoFactsRead()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);

        var preflight = await services.Directory().GetPreflightAsync("ghost@contoso.com", DemoTenant.Users.UnusedImmutableId);

        // Beta's 404 is confirmed on v1.0 (a beta surface that is missing must not make users vanish); nothing else is
        // read for a user that does not exist: every cloud guardrail is skipped for it.
        Assert.Null(preflight.User);
        Assert.Equal(DomainAuthentication.Unknown, preflight.UpnDomainAuthentication);
        Assert.Equal(["/beta/users/ghost@contoso.com", "/users/ghost@contoso.com"], emulator.RequestLog.RoundTrips.Select(r => r.Path));
    }

    [Fact]
    public async Task GetPreflightAsync_WithoutRoleManagementPermission_ForbiddenNamingIt()
    {
        var demo = SeedJson.Demo();
        var seed = demo with { AppRoleAssignments = demo.AppRoleAssignments!.Where(a => a.AppRoleId != "483bed4a-2ad3-4361-a73b-c83ccdbdc53c").ToList() };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        await using var services = EntraDirectoryFactory.Create(emulator);

        var error = await Assert.ThrowsAsync<EntraDirectoryException>(() => services.Directory().GetPreflightAsync("adele.vance@contoso.com", null));

        Assert.Equal(EntraFailure.Forbidden, error.Failure);
        Assert.Contains("RoleManagement.Read.Directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPreflightAsync_AnchorWrittenMomentsAgo_MissedByTheEventualQuery()
    {
        // The advanced query is eventually consistent: the PATCH conflict, not the preflight, is the reliable check.
        await using var emulator = await EntraEmulatorHost.StartAsync();
        emulator.Faults = new EntraEmulator.Faults.FaultSettings(AdvancedQueryLagMs: 60_000);
        await using var services = EntraDirectoryFactory.Create(emulator);
        await services.Directory().SetImmutableIdAsync(DemoTenant.Users.Adele, DemoTenant.Users.UnusedImmutableId);

        var preflight = await services.Directory().GetPreflightAsync("alex.wilber@contoso.com", DemoTenant.Users.UnusedImmutableId);
        var write = await services.Directory().SetImmutableIdAsync("11111111-0000-4000-8000-000000000002", DemoTenant.Users.UnusedImmutableId);

        Assert.Empty(preflight.AnchorHolders);
        Assert.Equal(EntraWriteStatus.AnchorInUse, write.Status);
        Assert.Equal(DemoTenant.Users.Adele, write.ConflictingObjectId);
    }
}
