using ImmutableId.Core.Entra;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Leases;
using ImmutableId.Core.Scopes;
using Moq;

namespace ImmutableId.Core.Tests.HardMatch;

/// <summary>The workflow owns the operation: caller scope on the resolved user, the lease on the cloud object, its own audit.</summary>
public sealed class WorkflowOperationTests
{
    private static OperationContext Scoped(DirectoryScope scope) =>
        OperationContext.ForSystem() with { CallerScope = scope, Caller = new AuditCaller("app-1", "sp-1", "ServiceNow", AppOnly: true) };

    [Theory]
    [InlineData(WorkflowFixture.Upn)]
    [InlineData("35918bc9-196d-40ea-9779-889d79b753f0")]
    [InlineData("{35918BC9-196D-40EA-9779-889D79B753F0}")]
    public async Task SetAsync_ResolvedUserOutsideTheCallersDomains_RefusedWithoutDetailAndAudited(string name)
    {
        var f = new WorkflowFixture();
        f.Roles.Add(new Core.Entra.RoleHolding("62e90394-69f5-4237-9190-012177145e10", "Global Administrator", Core.Entra.RoleHoldingKind.Active));
        var workflow = f.Build();

        var result = await workflow.SetAsync(WorkflowFixture.Set(name), Scoped(new DirectoryScope(["fabrikam.com"], [])));

        Assert.Equal(HardMatchOutcome.Refused, result.Outcome);
        Assert.Equal([GuardrailCode.OutOfCallerScope], result.Blockers.Select(b => b.Code));
        Assert.Empty(result.Roles);
        Assert.Null(result.Anchor);
        Assert.Null(result.CloudUser);
        Assert.Equal(0, f.Writes);
        f.Audit.Verify(a => a.WriteOutcomeAsync(It.Is<AuditRecord>(r =>
            r.Outcome == AuditOutcome.Refused && r.Error == "OutOfCallerScope" && r.Target.CloudObjectId == WorkflowFixture.CloudId && r.Caller.AppId == "app-1"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task StatusAsync_OnPremObjectOutsideTheCallersOus_Refused()
    {
        var f = new WorkflowFixture();
        f.OnPremUser = f.OnPremUser with { DistinguishedName = "CN=Adele\\,OU=Sales,OU=Staff,DC=contoso,DC=com" };

        var result = await f.Build().StatusAsync(WorkflowFixture.Set().User, Scoped(new DirectoryScope([], ["OU=Sales,OU=Staff,DC=contoso,DC=com"])));

        Assert.Equal([GuardrailCode.OutOfCallerScope], result.Blockers.Select(b => b.Code));
    }

    [Fact]
    public async Task ClearAsync_ByUpnForACallerLimitedToOus_ReadsTheOnPremObjectToDecide()
    {
        var f = new WorkflowFixture();
        f.CloudUser = f.CloudUser with { OnPremisesImmutableId = WorkflowFixture.ObjectGuidImmutableId };
        var workflow = f.Build();

        var result = await workflow.ClearAsync(WorkflowFixture.Clear(), Scoped(new DirectoryScope([], ["OU=Staff,DC=contoso,DC=com"])));

        Assert.Equal(HardMatchOutcome.Succeeded, result.Outcome);
        f.OnPrem.Verify(d => d.FindByUserPrincipalNameAsync(WorkflowFixture.Upn, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(WorkflowFixture.Upn)]
    [InlineData("35918bc9-196d-40ea-9779-889d79b753f0")]
    public async Task SetAsync_AnyName_TakesTheLeaseOnTheResolvedCloudObject(string name)
    {
        var f = new WorkflowFixture();
        var leases = new Mock<IUserLease>();
        leases.Setup(l => l.TryAcquireAsync(It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string key, TimeSpan d, CancellationToken _) => new UserLeaseHandle(key, "owner", DateTimeOffset.UtcNow + d));
        _ = f.Build();
        var workflow = new HardMatchWorkflow(f.OnPrem.Object, f.Entra.Object, f.Policy, f.Audit.Object, leases.Object);

        var result = await workflow.SetAsync(WorkflowFixture.Set(name));

        Assert.Equal(HardMatchOutcome.Succeeded, result.Outcome);
        leases.Verify(l => l.TryAcquireAsync("cloud:" + WorkflowFixture.CloudId, It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Once);
        leases.Verify(l => l.ReleaseAsync(It.Is<UserLeaseHandle>(h => h.User == "cloud:" + WorkflowFixture.CloudId), It.IsAny<CancellationToken>()), Times.Once);
        // Each fact was read once: no other writer held the lease since the read, so nothing is read again inside it.
        f.Entra.Verify(e => e.ResolveUserAsync(WorkflowFixture.Upn, It.IsAny<CancellationToken>()), Times.Once);
        f.Entra.Verify(e => e.GetFactsAsync(It.IsAny<CloudUserResolution>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(["intent", "write", "outcome"], f.Events);
    }

    [Fact]
    public async Task SetAsync_AnotherWriterHeldTheLeaseSinceTheRead_ReadsTheUserAgainAndDecidesOnIt()
    {
        // The other writer matched the user between this write's read and its lease: the fresh read says so, and
        // nothing is written twice.
        var f = new WorkflowFixture();
        var leases = new Mock<IUserLease>();
        leases.Setup(l => l.TryAcquireAsync(It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string key, TimeSpan d, CancellationToken _) => new UserLeaseHandle(key, "owner", DateTimeOffset.UtcNow + d, DateTimeOffset.UtcNow));
        _ = f.Build();
        f.Entra.Setup(d => d.GetUserAsync(WorkflowFixture.CloudId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(f.CloudUser with { OnPremisesImmutableId = WorkflowFixture.ObjectGuidImmutableId });
        var workflow = new HardMatchWorkflow(f.OnPrem.Object, f.Entra.Object, f.Policy, f.Audit.Object, leases.Object);

        var result = await workflow.SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.NoChange, result.Outcome);
        Assert.Equal(0, f.Writes);
        f.Entra.Verify(e => e.GetUserAsync(WorkflowFixture.CloudId, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SetAsync_PreviousHolderEndedLongBeforeTheRead_NoSecondRead()
    {
        var f = new WorkflowFixture();
        var leases = new Mock<IUserLease>();
        leases.Setup(l => l.TryAcquireAsync(It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string key, TimeSpan d, CancellationToken _) => new UserLeaseHandle(key, "owner", DateTimeOffset.UtcNow + d, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5)));
        _ = f.Build();
        var workflow = new HardMatchWorkflow(f.OnPrem.Object, f.Entra.Object, f.Policy, f.Audit.Object, leases.Object);

        var result = await workflow.SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.Succeeded, result.Outcome);
        Assert.Equal(1, f.Writes);
        // GetUserAsync only for the read-back after the write.
        f.Entra.Verify(e => e.GetUserAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SetAsync_LeaseHeldBySomeoneElse_RefusedUserBusyNothingWritten()
    {
        var f = new WorkflowFixture();
        var leases = new Mock<IUserLease>();
        leases.Setup(l => l.TryAcquireAsync(It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync((UserLeaseHandle?)null);
        _ = f.Build();
        var workflow = new HardMatchWorkflow(f.OnPrem.Object, f.Entra.Object, f.Policy, f.Audit.Object, leases.Object) { LeaseWait = TimeSpan.FromMilliseconds(50) };

        var result = await workflow.SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.Refused, result.Outcome);
        Assert.Equal([GuardrailCode.UserBusy], result.Blockers.Select(b => b.Code));
        Assert.NotNull(result.RetryAfter);
        Assert.Equal(0, f.Writes);
        f.Audit.Verify(a => a.WriteOutcomeAsync(It.Is<AuditRecord>(r => r.Error == "UserBusy" && r.Ticket == "INC0001" && r.Reason == "test"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SetAsync_ValueAppearsWhileWaitingForTheLease_NoSecondWrite()
    {
        var f = new WorkflowFixture();
        var leases = new Mock<IUserLease>();
        leases.Setup(l => l.TryAcquireAsync(It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string key, TimeSpan d, CancellationToken _) =>
            {
                // Another writer finished while we waited: its lease ended just now, after our read.
                f.CloudUser = f.CloudUser with { OnPremisesImmutableId = WorkflowFixture.ObjectGuidImmutableId };
                return new UserLeaseHandle(key, "owner", DateTimeOffset.UtcNow + d, DateTimeOffset.UtcNow);
            });
        _ = f.Build();
        var workflow = new HardMatchWorkflow(f.OnPrem.Object, f.Entra.Object, f.Policy, f.Audit.Object, leases.Object);

        var result = await workflow.SetAsync(WorkflowFixture.Set());

        Assert.Equal(HardMatchOutcome.NoChange, result.Outcome);
        Assert.Equal(0, f.Writes);
    }

    [Fact]
    public async Task SetAsync_CallerGoneBeforeTheIntent_RecordedAsFailedNothingWritten()
    {
        var f = new WorkflowFixture();
        using var gone = new CancellationTokenSource();
        var workflow = f.Build();
        f.Entra.Setup(d => d.ResolveUserAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, CancellationToken ct) =>
            {
                await gone.CancelAsync();   // the client hangs up while Graph is being read
                ct.ThrowIfCancellationRequested();
                return CloudUserResolution.NotFound;
            });
        AuditRecord? recorded = null;
        f.Audit.Setup(a => a.WriteOutcomeAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback((AuditRecord r, CancellationToken _) => recorded = r).ReturnsAsync(true);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => workflow.SetAsync(WorkflowFixture.Set(), gone.Token));

        Assert.NotNull(recorded);
        Assert.Equal(AuditOutcome.Failed, recorded.Outcome);
        Assert.Equal("CallerCancelled", recorded.Error);
        Assert.Equal("INC0001", recorded.Ticket);
        Assert.Equal(0, f.Writes);
        f.Audit.Verify(a => a.WriteIntentAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
