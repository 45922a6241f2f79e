using ImmutableId.Core.Readiness;
using ImmutableId.Storage.Sqlite;
using ImmutableId.Storage.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImmutableId.Storage;

/// <summary>The readiness probe of the configured provider (chosen when first used, as the stores are).</summary>
internal sealed class StorageReadinessProbe(IServiceProvider services) : IReadinessProbe
{
    private readonly Lazy<IReadinessProbe> _probe = new(() =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.AzureTables
            ? new TableReadinessProbe(services.GetRequiredService<TableStore>(), services.GetRequiredService<TimeProvider>())
            : new SqliteReadinessProbe(services.GetRequiredService<SqliteDatabase>(), services.GetRequiredService<TimeProvider>()));

    public string Dependency => ReadinessDependency.Storage;

    public Task<ReadinessCheck> CheckAsync(CancellationToken cancellationToken = default) => _probe.Value.CheckAsync(cancellationToken);
}
