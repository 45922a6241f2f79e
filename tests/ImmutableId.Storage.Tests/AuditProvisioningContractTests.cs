using ImmutableId.Core.Audit;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>
/// <see cref="IAuditLog.RecordProvisioningAsync"/> on both stores: the provisioning that follows a set lands on the
/// set's own record, pending first, then final; a final one is never overwritten; a pending write has none.
/// </summary>
public abstract class AuditProvisioningContractTests() : StoreTestBase(Start)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private IAuditLog Audit => Store.Audit;

    [Fact]
    public async Task RecordProvisioning_PendingThenFinal_OnTheSameRecordEverythingElseKept()
    {
        var set = Record(AuditOutcome.Succeeded);
        await Audit.WriteOutcomeAsync(set);

        var pending = await Audit.RecordProvisioningAsync(set.OperationId, Provisioning(AuditOutcome.Pending));
        var afterPending = await Audit.GetAsync(set.OperationId);
        var final = await Audit.RecordProvisioningAsync(set.OperationId, Provisioning(AuditOutcome.Failed) with
        {
            Result = "failed",
            FailedStep = "EntryExportUpdate",
            Error = "HardMatchBlockedSecurityHardening: Hard match operation blocked due to security hardening.",
            Linked = false,
        });
        var read = await Audit.GetAsync(set.OperationId);

        Assert.True(pending);
        Assert.Equal(AuditOutcome.Pending, afterPending!.Provisioning!.Outcome);
        Assert.True(final);
        Assert.Equal(set with { Guardrails = [], Provisioning = null }, read! with { Guardrails = [], Provisioning = null });
        Assert.Equal(AuditOutcome.Failed, read.Provisioning!.Outcome);
        Assert.Equal("EntryExportUpdate", read.Provisioning.FailedStep);
        Assert.Equal(false, read.Provisioning.Linked);
        Assert.Equal(AuditOutcome.Succeeded, read.Outcome);
    }

    [Fact]
    public async Task RecordProvisioning_FinalAlreadyRecorded_FalseAndUnchanged()
    {
        var set = Record(AuditOutcome.Succeeded);
        await Audit.WriteOutcomeAsync(set);
        await Audit.RecordProvisioningAsync(set.OperationId, Provisioning(AuditOutcome.Succeeded) with { Linked = true });

        var again = await Audit.RecordProvisioningAsync(set.OperationId, Provisioning(AuditOutcome.Failed));

        Assert.False(again);
        Assert.Equal(AuditOutcome.Succeeded, (await Audit.GetAsync(set.OperationId))!.Provisioning!.Outcome);
    }

    [Fact]
    public async Task RecordProvisioning_PendingWriteOrMissingRecord_FalseNothingWritten()
    {
        var intent = Record(AuditOutcome.Pending);
        await Audit.WriteIntentAsync(intent);

        Assert.False(await Audit.RecordProvisioningAsync(intent.OperationId, Provisioning(AuditOutcome.Pending)));
        Assert.False(await Audit.RecordProvisioningAsync(Guid.CreateVersion7(Start), Provisioning(AuditOutcome.Pending)));
        Assert.Null((await Audit.GetAsync(intent.OperationId))!.Provisioning);
    }

    private static AuditProvisioning Provisioning(AuditOutcome outcome) =>
        new(outcome, "CN=Alice,OU=Users,DC=corp,DC=contoso,DC=com", null, null, null, null, "req-1", Start.AddSeconds(2));

    private static AuditRecord Record(AuditOutcome outcome) => new(
        Guid.CreateVersion7(Start),
        Start,
        AuditOperation.Set,
        DryRun: false,
        new AuditCaller("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "ServiceNow", AppOnly: true, "tenant-1"),
        "INC0042",
        Reason: null,
        new AuditTarget("alice@contoso.com", "cloud-1", "CN=Alice,OU=Users,DC=corp,DC=contoso,DC=com", new Guid("35918bc9-196d-40ea-9779-889d79b753f0"), "alice@contoso.com"),
        Before: null,
        After: "yYuRNW0Z6kCXeYidebdT8A==",
        AnchorSource: "objectGuid",
        Guardrails: [],
        outcome,
        Verified: outcome == AuditOutcome.Pending ? null : true,
        CompletedAt: outcome == AuditOutcome.Pending ? null : Start.AddSeconds(1));
}

/// <summary>The provisioning record contract on SQLite.</summary>
public sealed class SqliteAuditProvisioningContractTests : AuditProvisioningContractTests
{
    private readonly TestStores.Sqlite _database = new("audit");

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => _database.CreateAsync(clock);

    protected override Task DeleteStoreAsync() => _database.DeleteAsync();
}

/// <summary>The provisioning record contract on Azure Tables (Azurite).</summary>
public sealed class AzureTablesAuditProvisioningContractTests : AuditProvisioningContractTests
{
    private readonly TestStores.Azurite _tables = new("P", "Audit", "Idempotency", "Leases");

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => _tables.CreateAsync(clock);

    protected override Task DeleteStoreAsync() => _tables.DeleteAsync();
}
