using ImmutableId.Core.Sync;
using ImmutableId.EntraEmulator;
using ImmutableId.EntraEmulator.Seeding;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Entra.Tests;

/// <summary>The provision-on-demand adapter through AddEntraDirectory and Sync:CloudSync, against the emulator's Cloud Sync job.</summary>
public sealed class GraphCloudSyncProvisionerTests
{
    private const string SyncSp = "55555555-0000-4000-8000-000000000001";
    private const string JobId = "AD2AADProvisioning.0123456789abcdef.11111111-2222-3333-4444-555555555555";
    private const string RuleId = "6c409270-f78a-4bc6-af23-7cf3ab6482fe";
    private const string AdeleDn = "CN=Adele Vance,OU=Staff,DC=contoso,DC=com";
    private const string AdeleAnchor = "9+XToSwLbk2PEBorPE1eAQ==";
    private const string SynchronizationReadWriteAll = "9b50c33d-700f-43b1-b2eb-87e89b703581";

    private static EntraEmulatorOptions Tenant(string? adeleImmutableId, string? adeleObjectIdentifier = null, bool granted = true)
    {
        var demo = SeedJson.Demo();
        return new EntraEmulatorOptions
        {
            Seed = demo with
            {
                Users = [.. demo.Users!.Select(u => u.Id == DemoTenant.Users.Adele ? u with { OnPremisesImmutableId = adeleImmutableId, OnPremisesObjectIdentifier = adeleObjectIdentifier } : u)],
                AppRoleAssignments = granted
                    ? [.. demo.AppRoleAssignments!, new SeedAppRoleAssignment(DemoTenant.FunctionServicePrincipalId, DemoTenant.GraphServicePrincipalId, SynchronizationReadWriteAll)]
                    : demo.AppRoleAssignments,
                SyncJobs = [new SeedSyncJob(SyncSp, JobId, RuleId, [new SeedOnPremUser(AdeleDn, AdeleAnchor, "adele.vance@contoso.com", "a1d3e5f7-0b2c-4d6e-8f10-2a3b4c5d6e01", "AdeleV", "contoso.com")])],
            },
        };
    }

    private static ServiceProvider Services(EntraEmulatorHost emulator, string? ruleId = null) => EntraDirectoryFactory.Create(emulator, extra: new Dictionary<string, string?>
    {
        ["Sync:CloudSync:ServicePrincipalId"] = SyncSp,
        ["Sync:CloudSync:JobId"] = JobId,
        ["Sync:CloudSync:RuleId"] = ruleId,
    });

    [Fact]
    public async Task ProvisionAsync_AnchorMatches_SucceededRuleReadFromTheSchema()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(Tenant(AdeleAnchor));
        await using var services = Services(emulator);
        var provisioner = services.GetRequiredService<ICloudSyncProvisioner>();

        var result = await provisioner.ProvisionAsync(AdeleDn);

        Assert.True(provisioner.IsConfigured);
        Assert.Equal(ProvisioningOutcome.Succeeded, result.Outcome);
        Assert.Contains(result.Steps, s => s.Type == "Export" && s.Status == "Success");
        Assert.NotNull(result.RequestId);
        Assert.Contains(emulator.RequestLog.Entries, e => e.Path.EndsWith("/schema", StringComparison.Ordinal));
        Assert.True(emulator.FindUser(DemoTenant.Users.Adele)!.OnPremisesSyncEnabled);
    }

    [Fact]
    public async Task ProvisionAsync_OnlyTheServicePrincipalConfigured_JobAndRuleDiscovered()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(Tenant(AdeleAnchor));
        await using var services = EntraDirectoryFactory.Create(emulator, extra: new Dictionary<string, string?> { ["Sync:CloudSync:ServicePrincipalId"] = SyncSp });

        var result = await services.GetRequiredService<ICloudSyncProvisioner>().ProvisionAsync(AdeleDn);

        Assert.Equal(ProvisioningOutcome.Succeeded, result.Outcome);
        Assert.Contains(emulator.RequestLog.Entries, e => e.Path == $"/servicePrincipals/{SyncSp}/synchronization/jobs" && e.Status == 200);
        Assert.Contains(emulator.RequestLog.Entries, e => e.Path == $"/servicePrincipals/{SyncSp}/synchronization/jobs/{JobId}/provisionOnDemand");
    }

    [Fact]
    public async Task ProvisionAsync_HardeningBlock_FailedWithEntrasMessageAndStep()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(Tenant(AdeleAnchor, "0f0e0d0c-0b0a-0908-0706-050403020100"));
        await using var services = Services(emulator, RuleId);

        var result = await services.GetRequiredService<ICloudSyncProvisioner>().ProvisionAsync(AdeleDn);

        Assert.Equal(ProvisioningOutcome.Failed, result.Outcome);
        Assert.Equal("Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.", result.Message);
        Assert.Equal("EntryExportUpdate", result.FailedStep);
        Assert.DoesNotContain(emulator.RequestLog.Entries, e => e.Path.EndsWith("/schema", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProvisionAsync_PermissionNotGranted_RefusedNamingIt()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(Tenant(AdeleAnchor, granted: false));
        await using var services = Services(emulator, RuleId);

        var result = await services.GetRequiredService<ICloudSyncProvisioner>().ProvisionAsync(AdeleDn);

        Assert.Equal(ProvisioningOutcome.Refused, result.Outcome);
        Assert.Contains("Synchronization.ReadWrite.All", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEntraDirectory_WithoutCloudSyncSettings_NotConfiguredCallsNothing()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync(Tenant(AdeleAnchor));
        await using var services = EntraDirectoryFactory.Create(emulator);
        var provisioner = services.GetRequiredService<ICloudSyncProvisioner>();

        var result = await provisioner.ProvisionAsync(AdeleDn);

        Assert.False(provisioner.IsConfigured);
        Assert.Equal(ProvisioningOutcome.NotConfigured, result.Outcome);
        Assert.Empty(emulator.RequestLog.Entries);
    }
}
