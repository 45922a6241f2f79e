using ImmutableId.Testing;
using ImmutableId.Api.Sync;
using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.OnPrem;
using ImmutableId.Core.Sync;
using Moq;

namespace ImmutableId.Api.Tests.Sync;

/// <summary>The after-set hook records the provisioning as pending on the set's record before Graph is called, then its result.</summary>
public sealed class SetProvisioningHookTests
{
    private const string Upn = "adele.vance@contoso.com";
    private const string Dn = "CN=Adele Vance,OU=Staff,DC=contoso,DC=com";

    [Fact]
    public async Task AfterSetAsync_Succeeded_PendingRecordedBeforeTheCallThenTheResultOnTheSameRecord()
    {
        var steps = new List<string>();
        var recorded = new List<AuditProvisioning>();
        var operationId = AuditRecord.NewOperationId();
        var audit = new Mock<IAuditLog>(MockBehavior.Strict);
        audit.Setup(a => a.RecordProvisioningAsync(operationId, It.IsAny<AuditProvisioning>(), It.IsAny<CancellationToken>()))
            .Callback<Guid, AuditProvisioning, CancellationToken>((_, p, _) => { steps.Add("record " + p.Outcome); recorded.Add(p); })
            .ReturnsAsync(true);
        var provisioner = Provisioner(steps, new ProvisioningResult(ProvisioningOutcome.Failed, Dn, "InvalidSoftMatch", "Entra's words", "EntryExportUpdate", [], "req-1"));
        var hook = new SetProvisioning(new CloudSyncService(provisioner.Object, Workflow(steps)), audit.Object, TimeProvider.System);

        var outcome = await hook.AfterSetAsync(SetResult(HardMatchOutcome.Succeeded), operationId);

        Assert.NotNull(outcome);
        Assert.Equal(["record Pending", "provision " + Dn, "read", "record Failed"], steps);
        Assert.Equal(Dn, recorded[0].DistinguishedName);
        var final = recorded[1];
        Assert.Equal("failed", final.Result);
        Assert.Equal("EntryExportUpdate", final.FailedStep);
        Assert.Equal("InvalidSoftMatch: Entra's words", final.Error);
        Assert.False(final.Linked);
        Assert.Equal("req-1", final.GraphRequestId);
    }

    [Theory]
    [InlineData(HardMatchOutcome.Refused, false)]
    [InlineData(HardMatchOutcome.Failed, false)]
    [InlineData(HardMatchOutcome.Planned, true)]
    public async Task AfterSetAsync_NotAWrite_NothingCalledNothingRecorded(HardMatchOutcome outcome, bool dryRun)
    {
        var steps = new List<string>();
        var audit = new Mock<IAuditLog>(MockBehavior.Strict);
        var provisioner = Provisioner(steps, new ProvisioningResult(ProvisioningOutcome.Succeeded, Dn, null, null, null, []));
        var hook = new SetProvisioning(new CloudSyncService(provisioner.Object, Workflow(steps)), audit.Object, TimeProvider.System);

        var result = await hook.AfterSetAsync(SetResult(outcome) with { DryRun = dryRun }, AuditRecord.NewOperationId());

        Assert.Null(result);
        Assert.Empty(steps);
    }

    [Fact]
    public async Task AfterSetAsync_NotConfigured_NothingCalledNothingRecorded()
    {
        var steps = new List<string>();
        var hook = new SetProvisioning(new CloudSyncService(NoCloudSyncProvisioner.Instance, Workflow(steps)), new Mock<IAuditLog>(MockBehavior.Strict).Object, TimeProvider.System);

        Assert.Null(await hook.AfterSetAsync(SetResult(HardMatchOutcome.Succeeded), AuditRecord.NewOperationId()));
        Assert.Empty(steps);
    }

    private static Mock<ICloudSyncProvisioner> Provisioner(List<string> steps, ProvisioningResult result)
    {
        var provisioner = new Mock<ICloudSyncProvisioner>(MockBehavior.Strict);
        provisioner.SetupGet(p => p.IsConfigured).Returns(true);
        provisioner.Setup(p => p.ProvisionAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, CancellationToken>((dn, _) => steps.Add("provision " + dn))
            .ReturnsAsync(result);
        return provisioner;
    }

    private static HardMatchWorkflow Workflow(List<string> steps)
    {
        var onPrem = new Mock<IOnPremDirectory>();
        onPrem.Setup(d => d.FindByUserPrincipalNameAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(OnPremLookup.Of(OnPrem()));
        var entra = new Mock<IEntraDirectory>();
        entra.SetupReads(_ => new CloudPreflight(Cloud(), DomainAuthentication.Managed, [], [], ObjectIdentifierRead.Answered(null)), () => steps.Add("read"));
        return new HardMatchWorkflow(onPrem.Object, entra.Object, new PolicyOptions { AllowedUpnDomains = ["contoso.com"], VerifyDelayMilliseconds = 0 });
    }

    private static OnPremUser OnPrem() => new(Dn, Guid.Parse("35918bc9-196d-40ea-9779-889d79b753f0"), null, Upn, "adele", Upn, [], true, null, null);

    private static CloudUser Cloud() => new("11111111-0000-4000-8000-000000000001", Upn, "Adele", Upn, "Member", true, null, null, null, null, null);

    private static UserKey Key() => UserKey.TryParse(Upn, out var key, out _) ? key : throw new InvalidOperationException();

    private static HardMatchResult SetResult(HardMatchOutcome outcome) => new()
    {
        Operation = HardMatchOperation.Set,
        Outcome = outcome,
        User = Key(),
        OnPremUser = OnPrem(),
        CloudUser = Cloud(),
    };
}
