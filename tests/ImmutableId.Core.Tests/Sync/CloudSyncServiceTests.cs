using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Sync;
using ImmutableId.Core.Tests.HardMatch;
using Moq;

namespace ImmutableId.Core.Tests.Sync;

/// <summary>The after-set hook and /sync's service: provisions only real, successful sets, and says what to run without Cloud Sync.</summary>
public sealed class CloudSyncServiceTests
{
    private const string Dn = "CN=Adele Vance,OU=Staff,DC=contoso,DC=com";

    [Fact]
    public async Task AfterSetAsync_SucceededSet_ProvisionsTheAdObjectAndReadsBack()
    {
        var f = new WorkflowFixture();
        var workflow = f.Build();
        var provisioner = new Mock<ICloudSyncProvisioner>();
        provisioner.SetupGet(p => p.IsConfigured).Returns(true);
        provisioner.Setup(p => p.ProvisionAsync(Dn, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ProvisioningResult(ProvisioningOutcome.Succeeded, Dn, null, null, null, [new ProvisioningStep("EntryExportUpdate", "Export", "Success", null)]));
        var set = await workflow.SetAsync(WorkflowFixture.Set());

        var outcome = await new CloudSyncService(provisioner.Object, workflow).AfterSetAsync(set);

        Assert.Equal(ProvisioningOutcome.Succeeded, outcome!.Provisioning.Outcome);
        Assert.NotNull(outcome.After);
        provisioner.Verify(p => p.ProvisionAsync(Dn, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task AfterSetAsync_DryRunOrRefused_NothingCalled()
    {
        var f = new WorkflowFixture();
        var workflow = f.Build();
        var provisioner = new Mock<ICloudSyncProvisioner>(MockBehavior.Strict);
        var service = new CloudSyncService(provisioner.Object, workflow);
        var dryRun = await workflow.SetAsync(WorkflowFixture.Set(dryRun: true));
        f.Roles.Add(new Entra.RoleHolding("62e90394-69f5-4237-9190-012177145e10", "Global Administrator", Entra.RoleHoldingKind.Eligible));
        var refused = await workflow.SetAsync(WorkflowFixture.Set());

        Assert.Null(await service.AfterSetAsync(dryRun));
        Assert.Equal(HardMatchOutcome.Refused, refused.Outcome);
        Assert.Null(await service.AfterSetAsync(refused));
    }

    [Fact]
    public async Task SyncAsync_NotConfigured_NextStepsNameTheExactConnectCommand()
    {
        var workflow = new WorkflowFixture().Build();

        var outcome = await new CloudSyncService(NoCloudSyncProvisioner.Instance, workflow).SyncAsync(WorkflowFixture.Set().User);

        Assert.Equal(ProvisioningOutcome.NotConfigured, outcome.Provisioning.Outcome);
        Assert.Equal(Dn, outcome.Provisioning.DistinguishedName);
        Assert.Contains(outcome.NextSteps, s => s.Contains("Start-ADSyncSyncCycle -PolicyType Delta", StringComparison.Ordinal));
        Assert.Null(outcome.After);
    }
}
