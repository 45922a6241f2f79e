using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using ImmutableId.Core.Jobs;
using ImmutableId.Storage.Queues;
using ImmutableId.Core.Agents;
using ImmutableId.Core.Audit;
using ImmutableId.Core.Housekeeping;
using ImmutableId.Core.Idempotency;
using ImmutableId.Core.Leases;
using ImmutableId.Core.Readiness;
using ImmutableId.Core.Webhooks;
using ImmutableId.Storage.Sqlite;
using ImmutableId.Storage.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImmutableId.Storage;

/// <summary>Registers the audit log, idempotency store and user leases on the configured provider.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the <c>Storage</c> section (on start) and registers <see cref="IAuditLog"/>,
    /// <see cref="IIdempotencyStore"/>, <see cref="IUserLease"/>, the agent-fed <see cref="IOnPremMirror"/> and the webhook outbox (<see cref="IWebhookStore"/>) over SQLite or Azure Tables.
    /// </summary>
    public static IServiceCollection AddImmutableIdStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new TableStore(CreateTableServiceClient(options), options.TablePrefix);
        });

        services.TryAddSingleton<IAuditLog>(sp => Provider(sp) == StorageProvider.AzureTables
            ? new TableAuditLog(sp.GetRequiredService<TableStore>())
            : new SqliteAuditLog(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<IIdempotencyStore>(sp => Provider(sp) == StorageProvider.AzureTables
            ? new TableIdempotencyStore(sp.GetRequiredService<TableStore>(), sp.GetRequiredService<TimeProvider>())
            : new SqliteIdempotencyStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IUserLease>(sp => Provider(sp) == StorageProvider.AzureTables
            ? new TableUserLease(sp.GetRequiredService<TableStore>(), sp.GetRequiredService<TimeProvider>())
            : new SqliteUserLease(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        // The provider's own audit store (not whatever IAuditLog resolves to), so a decorated audit log keeps retention.
        services.TryAddSingleton<IAuditRetentionStore>(sp => Provider(sp) == StorageProvider.AzureTables
            ? new TableAuditLog(sp.GetRequiredService<TableStore>())
            : new SqliteAuditLog(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<IStoreHousekeeping>(sp => Provider(sp) == StorageProvider.AzureTables
            ? new TableHousekeeping(sp.GetRequiredService<TableStore>())
            : new SqliteHousekeeping(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessProbe, StorageReadinessProbe>());
        services.TryAddSingleton<IOnPremMirror>(sp =>
        {
            if (Provider(sp) != StorageProvider.AzureTables)
            {
                return new SqliteOnPremMirror(sp.GetRequiredService<SqliteDatabase>());
            }

            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new TableOnPremMirror(CreateTableServiceClient(options), options.TablePrefix);
        });
        AddJobStorage(services);
        services.TryAddSingleton<IWebhookStore>(sp =>
        {
            if (Provider(sp) != StorageProvider.AzureTables)
            {
                return new SqliteWebhookStore(sp.GetRequiredService<SqliteDatabase>());
            }

            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new TableWebhookStore(CreateTableServiceClient(options), options.TablePrefix);
        });
        return services;
    }

    // Bulk jobs: the job store, the item queue and the shared Graph write budget, on the same provider as the rest.
    private static void AddJobStorage(IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new JobTables(CreateTableServiceClient(options), options.TablePrefix);
        });
        services.TryAddSingleton<IJobStore>(sp => Provider(sp) == StorageProvider.AzureTables
            ? new TableJobStore(sp.GetRequiredService<JobTables>())
            : new SqliteJobStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<IJobQueue>(sp => Provider(sp) == StorageProvider.AzureTables
            ? new AzureStorageJobQueue(CreateQueueClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value, JobOptionsOf(sp).QueueName))
            : new SqliteJobQueue(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IWriteBudget>(sp => Provider(sp) == StorageProvider.AzureTables
            ? new TableWriteBudget(sp.GetRequiredService<JobTables>(), JobOptionsOf(sp), sp.GetRequiredService<TimeProvider>())
            : new SqliteWriteBudget(sp.GetRequiredService<SqliteDatabase>(), JobOptionsOf(sp), sp.GetRequiredService<TimeProvider>()));
    }

    private static JobOptions JobOptionsOf(IServiceProvider services) =>
        services.GetService<IOptions<JobOptions>>()?.Value ?? new JobOptions();

    private static QueueClient CreateQueueClient(StorageOptions options, string queueName)
    {
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var connectionString = !string.IsNullOrWhiteSpace(options.QueueConnectionString)
            ? options.QueueConnectionString
            : options.TableConnectionString?.Contains("QueueEndpoint=", StringComparison.OrdinalIgnoreCase) == true ? options.TableConnectionString : null;
        if (connectionString is not null)
        {
            if (!StorageOptionsValidator.IsLoopbackConnectionString(connectionString, "QueueEndpoint"))
            {
                throw new InvalidOperationException("Storage:QueueConnectionString is accepted only for Azurite on 127.0.0.1/localhost; in Azure set Storage:QueueServiceUri and grant the managed identity 'Storage Queue Data Contributor'.");
            }

            return new QueueClient(connectionString, queueName, queueOptions);
        }

        var uri = options.QueueServiceUri
            ?? (options.TableServiceUri is { } tables && tables.Host.Contains(".table.", StringComparison.OrdinalIgnoreCase)
                ? new UriBuilder(tables) { Host = tables.Host.Replace(".table.", ".queue.", StringComparison.OrdinalIgnoreCase) }.Uri
                : throw new InvalidOperationException("Bulk jobs on Azure storage need a queue: set Storage:QueueServiceUri (or Storage:QueueConnectionString for Azurite)."));
        var credential = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
        return new QueueClient(new Uri(uri, queueName), credential, queueOptions);
    }

    private static StorageProvider Provider(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider;

    private static TableServiceClient CreateTableServiceClient(StorageOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.TableConnectionString))
        {
            return new TableServiceClient(options.TableConnectionString);
        }

        // In Azure: the app's managed identity (user-assigned when a client id is given), no keys.
        var credential = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
        return new TableServiceClient(options.TableServiceUri ?? throw new InvalidOperationException("Storage:TableServiceUri is not set."), credential);
    }
}
