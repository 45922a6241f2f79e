using System.Reflection;
using ImmutableId.Api.Retention;
using ImmutableId.Core.Audit;
using ImmutableId.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Functions.Tests;

/// <summary>The timer function that runs audit retention and reconciliation in Azure.</summary>
public sealed class AuditMaintenanceFunctionTests
{
    [Fact]
    public void AuditMaintenanceFunction_Trigger_IsHourlyTimer()
    {
        var run = typeof(AuditMaintenanceFunction).GetMethod(nameof(AuditMaintenanceFunction.RunAsync))!;
        var trigger = run.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>()!;

        Assert.Equal("AuditMaintenance", run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("0 17 * * * *", trigger.Schedule);
    }

    [Fact]
    public async Task AuditMaintenanceFunction_Run_DeletesDueDryRuns()
    {
        var directory = Path.Combine(Path.GetTempPath(), "immutableid-fn-retention-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = Path.Combine(directory, "f.db"),
        }).Build());
        services.AddLogging();
        services.AddImmutableIdStorage();
        services.AddAuditMaintenance();
        await using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<IAuditLog>();
        var old = DateTimeOffset.UtcNow.AddDays(-31);
        var record = new AuditRecord(Guid.CreateVersion7(old), old, AuditOperation.Set, true,
            new AuditCaller("app", "sp", "ServiceNow", true, "tenant"), null, null,
            new AuditTarget("alice@contoso.com", null, null, null, "alice@contoso.com"), null, "yYuRNW0Z6kCXeYidebdT8A==", "objectGuid", [], AuditOutcome.DryRun);
        await audit.WriteOutcomeAsync(record);

        await new AuditMaintenanceFunction(provider.GetRequiredService<AuditMaintenance>()).RunAsync(new TimerInfo(), CancellationToken.None);

        Assert.Null(await audit.GetAsync(record.OperationId));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
