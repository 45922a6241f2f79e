using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using Moq;

namespace ImmutableId.Core.Tests.Sync;

/// <summary>An abandoned provision-on-demand intent is resolved by whether the accounts are linked, not by the immutable ID.</summary>
public sealed class SyncReconciliationTests
{
    private const string CloudId = "11111111-0000-4000-8000-000000000001";

    [Theory]
    [InlineData(true, AuditOutcome.Succeeded)]
    [InlineData(false, AuditOutcome.Failed)]
    [InlineData(null, AuditOutcome.Failed)]
    public async Task ReconcileAsync_AbandonedSyncIntent_OutcomeIsWhetherTheUserIsLinked(bool? syncEnabled, AuditOutcome expected)
    {
        var clock = new Clock(DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var intent = new AuditRecord(AuditRecord.NewOperationId(clock), clock.GetUtcNow(), AuditOperation.Sync, false,
            new AuditCaller("app", "obj", "app", true), "INC1", null, new AuditTarget("adele.vance@contoso.com", CloudId),
            Before: "yYuRNW0Z6kCXeYidebdT8A==", After: "yYuRNW0Z6kCXeYidebdT8A==", AnchorSource: null, Guardrails: [], AuditOutcome.Pending);
        clock.Now += AuditReconciler.GracePeriod + TimeSpan.FromSeconds(1);
        AuditRecord? written = null;
        var audit = new Mock<IAuditLog>();
        audit.Setup(a => a.WriteOutcomeAsync(It.IsAny<AuditRecord>(), It.IsAny<CancellationToken>()))
            .Callback<AuditRecord, CancellationToken>((r, _) => written = r)
            .ReturnsAsync(true);
        var entra = new Mock<IEntraDirectory>();
        entra.Setup(e => e.GetUserAsync(CloudId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CloudUser(CloudId, "adele.vance@contoso.com", "Adele", null, "Member", true, "yYuRNW0Z6kCXeYidebdT8A==", syncEnabled, null, null, null));

        var resolved = await new AuditReconciler(audit.Object, entra.Object, clock).ReconcileAsync(intent);

        Assert.Equal(expected, resolved.Outcome);
        Assert.Equal(expected, written?.Outcome);
        Assert.True(resolved.Reconciled);
        Assert.Equal(expected == AuditOutcome.Succeeded, resolved.Verified);
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
