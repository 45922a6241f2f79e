using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using ImmutableId.Entra;
using ImmutableId.EntraEmulator;
using ImmutableId.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Api.Tests.Operations;

/// <summary>
/// A crash between the durable intent and the outcome, resolved by reading the user back — with the real stores
/// (SQLite), the real Graph adapter and the Entra emulator (demo tenant).
/// </summary>
public sealed class CrashReconciliationTests : IAsyncLifetime
{
    private const string Adele = "11111111-0000-4000-8000-000000000001";
    private const string AdeleUpn = "adele.vance@contoso.com";
    private const string Anchor = "9+XToSwLbk2PEBorPE1eAQ==";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "immutableid-reconcile-" + Guid.NewGuid().ToString("N"));
    private EntraEmulatorHost _emulator = null!;
    private ServiceProvider _services = null!;

    private IAuditLog Audit => _services.GetRequiredService<IAuditLog>();

    private IEntraDirectory Entra => _services.GetRequiredService<IEntraDirectory>();

    public async Task InitializeAsync()
    {
        _emulator = await EntraEmulatorHost.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Entra:GraphBaseUrl"] = _emulator.GraphBaseUrl,
            ["Entra:Credential"] = "Emulator",
            ["Storage:SqlitePath"] = Path.Combine(_directory, "audit.db"),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddEntraDirectory(configuration);
        services.AddImmutableIdStorage();
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Reconcile_CrashAfterThePatch_ResolvesTheIntentAsSucceeded()
    {
        var intent = Intent();
        await Audit.WriteIntentAsync(intent);
        Assert.True((await Entra.SetImmutableIdAsync(Adele, Anchor)).Succeeded);
        // ...and the process dies here: no outcome.
        _emulator.RequestLog.Clear();

        var resolved = await new AuditReconciler(Audit, Entra).ReconcilePendingAsync();

        var record = await Audit.GetAsync(intent.OperationId);
        Assert.Equal(1, resolved);
        Assert.Equal(AuditOutcome.Succeeded, record!.Outcome);
        Assert.True(record.Verified);
        Assert.True(record.Reconciled);
        Assert.Empty(_emulator.RequestLog.WithMethod("PATCH"));
        Assert.NotEmpty(_emulator.RequestLog.WithMethod("GET"));
    }

    [Fact]
    public async Task Reconcile_CrashBeforeThePatch_ResolvesTheIntentAsNotApplied()
    {
        var intent = Intent();
        await Audit.WriteIntentAsync(intent);

        await new AuditReconciler(Audit, Entra).ReconcilePendingAsync();

        var record = await Audit.GetAsync(intent.OperationId);
        Assert.Equal(AuditOutcome.Failed, record!.Outcome);
        Assert.False(record.Verified);
        Assert.True(record.Reconciled);
        Assert.Contains("not applied", record.Error, StringComparison.Ordinal);
        Assert.Null((await Entra.GetUserAsync(Adele))!.OnPremisesImmutableId);
    }

    private static AuditRecord Intent()
    {
        // Started five minutes ago: older than the grace period, so its request is surely gone.
        var time = DateTimeOffset.UtcNow.AddMinutes(-5);
        return new AuditRecord(
            Guid.CreateVersion7(time),
            time,
            AuditOperation.Set,
            DryRun: false,
            new AuditCaller("app", "sp", "ServiceNow", AppOnly: true, "tenant"),
            "INC0001",
            Reason: null,
            new AuditTarget(AdeleUpn, Adele, "CN=Adele Vance,OU=Staff,DC=contoso,DC=com", Guid.Parse("a1d3e5f7-0b2c-4d4e-8f10-2b3c4d5e6f01"), AdeleUpn),
            Before: null,
            After: Anchor,
            AnchorSource: "objectGuid",
            Guardrails: [],
            AuditOutcome.Pending);
    }
}
