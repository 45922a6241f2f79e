using ImmutableId.Api.Retention;
using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using ImmutableId.Core.Housekeeping;
using ImmutableId.Core.Leases;
using ImmutableId.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace ImmutableId.Api.Tests.Retention;

/// <summary>Audit maintenance over a real SQLite store (the store contract suite runs the deletes on Azure Tables too).</summary>
public sealed class AuditMaintenanceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "immutableid-retention-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task RunOnce_DefaultRetention_DeletesOnlyWhatIsDue()
    {
        await using var services = Build(entra: null);
        var audit = services.GetRequiredService<IAuditLog>();
        var dueDryRun = Record(Now.AddDays(-31), AuditOutcome.DryRun);
        var keptDryRun = Record(Now.AddDays(-29), AuditOutcome.DryRun);
        var dueRefusal = Record(Now.AddDays(-31), AuditOutcome.Refused);
        var keptWrite = Record(Now.AddDays(-31), AuditOutcome.Succeeded);
        var dueFailure = Record(Now.AddDays(-400), AuditOutcome.Failed);
        var keptNoChange = Record(Now.AddDays(-89), AuditOutcome.NoChange);
        foreach (var record in new[] { dueDryRun, keptDryRun, dueRefusal, keptWrite, dueFailure, keptNoChange })
        {
            await audit.WriteOutcomeAsync(record);
        }

        var oldIntent = Record(Now.AddDays(-400), AuditOutcome.Pending);
        await audit.WriteIntentAsync(oldIntent);

        var result = await services.GetRequiredService<AuditMaintenance>().RunOnceAsync();

        Assert.Equal(1, result.Deleted[AuditOutcome.DryRun]);
        Assert.Equal(1, result.Deleted[AuditOutcome.Refused]);
        Assert.Equal(1, result.Deleted[AuditOutcome.Failed]);
        Assert.Equal(0, result.Deleted[AuditOutcome.Succeeded]);
        Assert.Equal(0, result.Deleted[AuditOutcome.NoChange]);
        Assert.Null(result.Reconciled);
        foreach (var gone in new[] { dueDryRun, dueRefusal, dueFailure })
        {
            Assert.Null(await audit.GetAsync(gone.OperationId));
        }

        foreach (var kept in new[] { keptDryRun, keptWrite, keptNoChange, oldIntent })
        {
            Assert.NotNull(await audit.GetAsync(kept.OperationId));
        }
    }

    [Fact]
    public async Task RunOnce_RetentionZero_KeepsThatOutcomeForever()
    {
        await using var services = Build(entra: null, new Dictionary<string, string?> { ["AuditRetention:DryRun"] = "00:00:00" });
        var audit = services.GetRequiredService<IAuditLog>();
        var ancient = Record(Now.AddDays(-3000), AuditOutcome.DryRun);
        await audit.WriteOutcomeAsync(ancient);

        var result = await services.GetRequiredService<AuditMaintenance>().RunOnceAsync();

        Assert.False(result.Deleted.ContainsKey(AuditOutcome.DryRun));
        Assert.NotNull(await audit.GetAsync(ancient.OperationId));
    }

    [Fact]
    public async Task RunOnce_AbandonedIntent_IsReconciledOnTheSchedule()
    {
        var entra = new Mock<IEntraDirectory>();
        entra.Setup(e => e.GetUserAsync("cloud-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CloudUser("cloud-1", "alice@contoso.com", null, null, "Member", true, "yYuRNW0Z6kCXeYidebdT8A==", false, null, null, null));
        await using var services = Build(entra.Object);
        var audit = services.GetRequiredService<IAuditLog>();
        var intent = Record(Now.AddMinutes(-10), AuditOutcome.Pending);
        await audit.WriteIntentAsync(intent);

        var result = await services.GetRequiredService<AuditMaintenance>().RunOnceAsync();

        Assert.Equal(1, result.Reconciled);
        var read = await audit.GetAsync(intent.OperationId);
        Assert.Equal(AuditOutcome.Succeeded, read!.Outcome);
    }

    [Fact]
    public async Task RunOnce_DeletesLeaseRowsThatEndedOverADayAgo_EvenWithAuditRetentionOff()
    {
        await using var services = Build(entra: null, new Dictionary<string, string?> { ["AuditRetention:Enabled"] = "false" });
        var clock = (FixedTime)services.GetRequiredService<TimeProvider>();
        var leases = services.GetRequiredService<IUserLease>();
        clock.Now = Now.AddDays(-2);
        await leases.ReleaseAsync((await leases.TryAcquireAsync("old@contoso.com", TimeSpan.FromSeconds(30)))!);
        clock.Now = Now.AddHours(-1);
        await leases.ReleaseAsync((await leases.TryAcquireAsync("recent@contoso.com", TimeSpan.FromSeconds(30)))!);
        clock.Now = Now;

        var result = await services.GetRequiredService<AuditMaintenance>().RunOnceAsync();

        Assert.Equal(new HousekeepingResult(IdempotencyKeys: 0, Leases: 1), result.Housekeeping);
        Assert.Null((await leases.TryAcquireAsync("old@contoso.com", TimeSpan.FromSeconds(30)))!.PreviousHolderUntil);
        Assert.NotNull((await leases.TryAcquireAsync("recent@contoso.com", TimeSpan.FromSeconds(30)))!.PreviousHolderUntil);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private ServiceProvider Build(IEntraDirectory? entra, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Storage:SqlitePath"] = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db") };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(all).Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FixedTime(Now));
        services.AddImmutableIdStorage();
        services.AddAuditMaintenance();
        if (entra is not null)
        {
            services.AddSingleton(entra);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static AuditRecord Record(DateTimeOffset time, AuditOutcome outcome) => new(
        Guid.CreateVersion7(time),
        time,
        AuditOperation.Set,
        DryRun: outcome == AuditOutcome.DryRun,
        new AuditCaller("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "ServiceNow", AppOnly: true, "tenant-1"),
        "INC1",
        Reason: null,
        new AuditTarget("alice@contoso.com", "cloud-1", "CN=Alice,OU=Staff,DC=contoso,DC=com", new Guid("35918bc9-196d-40ea-9779-889d79b753f0"), "alice@contoso.com"),
        Before: null,
        After: "yYuRNW0Z6kCXeYidebdT8A==",
        AnchorSource: "objectGuid",
        Guardrails: [],
        Outcome: outcome);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
