using Azure.Core;
using ImmutableId.Core.Entra;
using ImmutableId.Core.Readiness;
using ImmutableId.Entra.Credentials;
using ImmutableId.Core.Sync;
using ImmutableId.Entra.Graph;
using ImmutableId.Entra.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

namespace ImmutableId.Entra;

/// <summary>Registers <see cref="IEntraDirectory"/> over Microsoft Graph.</summary>
public static class EntraServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Graph adapter: <see cref="EntraOptions"/> bound from the <c>Entra</c> section and validated on start,
    /// the credential it names, a GraphServiceClient whose token goes only to the Graph host, and
    /// <see cref="IEntraDirectory"/>.
    /// </summary>
    public static IServiceCollection AddEntraDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EntraOptions>()
            .Bind(configuration.GetSection(EntraOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EntraOptions>, EntraOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenCredential>(sp => GraphCredentialFactory.Create(sp.GetRequiredService<IOptions<EntraOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => CreateGraphClient(sp.GetRequiredService<IOptions<EntraOptions>>().Value, sp.GetRequiredService<TokenCredential>()));
        services.TryAddSingleton(sp => new GraphDomainCache(sp.GetRequiredService<IOptions<EntraOptions>>().Value.DomainCacheDuration, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IEntraDirectory>(sp => new GraphEntraDirectory(
            sp.GetRequiredService<EntraGraphClient>().Client,
            new GraphRetryPolicy(sp.GetRequiredService<IOptions<EntraOptions>>().Value.RetryBudget, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<GraphRetryPolicy>>()),
            sp.GetRequiredService<GraphDomainCache>(),
            sp.GetRequiredService<ILogger<GraphEntraDirectory>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessProbe, GraphReadinessProbe>());

        // Bulk job items and discovery: the same adapter on a client of its own that sends x-ms-throttle-priority: low.
        services.TryAddKeyedSingleton(BulkDirectoryKey, (sp, _) =>
            CreateGraphClient(sp.GetRequiredService<IOptions<EntraOptions>>().Value, sp.GetRequiredService<TokenCredential>(), ThrottlePriorityHandler.Low));
        services.TryAddKeyedSingleton<IEntraDirectory>(BulkDirectoryKey, (sp, _) => new GraphEntraDirectory(
            sp.GetRequiredKeyedService<EntraGraphClient>(BulkDirectoryKey).Client,
            new GraphRetryPolicy(sp.GetRequiredService<IOptions<EntraOptions>>().Value.RetryBudget, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<GraphRetryPolicy>>()),
            sp.GetRequiredService<GraphDomainCache>(),
            sp.GetRequiredService<ILogger<GraphEntraDirectory>>(),
            ThrottlePriorityHandler.Low));
        services.TryAddSingleton<ICloudUserCatalog>(sp => new GraphCloudUserCatalog(
            sp.GetRequiredKeyedService<EntraGraphClient>(BulkDirectoryKey).Client,
            new GraphRetryPolicy(sp.GetRequiredService<IOptions<EntraOptions>>().Value.RetryBudget, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<GraphRetryPolicy>>())));

        // Cloud Sync provision on demand: opt-in through Sync:CloudSync (ServicePrincipalId + JobId); otherwise the no-op.
        var cloudSync = configuration.GetSection(SyncOptions.SectionName).Get<SyncOptions>()?.CloudSync ?? new CloudSyncOptions();
        services.TryAddSingleton<ICloudSyncProvisioner>(sp => cloudSync.IsConfigured
            ? new GraphCloudSyncProvisioner(
                sp.GetRequiredService<EntraGraphClient>().Client,
                new GraphRetryPolicy(sp.GetRequiredService<IOptions<EntraOptions>>().Value.RetryBudget, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<GraphRetryPolicy>>()),
                cloudSync,
                sp.GetRequiredService<ILogger<GraphCloudSyncProvisioner>>())
            : NoCloudSyncProvisioner.Instance);
        return services;
    }

    /// <summary>The service key of the <see cref="IEntraDirectory"/> bulk job items use (low throttle priority).</summary>
    public const string BulkDirectoryKey = ImmutableId.Core.Jobs.JobOptions.BulkDirectoryKey;

    private static EntraGraphClient CreateGraphClient(EntraOptions options, TokenCredential credential, string priority = ThrottlePriorityHandler.High)
    {
        var baseUrl = options.GraphBaseUrl.TrimEnd('/');
        var host = new Uri(baseUrl).Host;

        // The token goes to the configured Graph host only (the SDK's default list would drop it for the emulator).
        var scopes = options.Credential == EntraCredentialKind.Emulator ? ["https://graph.microsoft.com/.default"] : new[] { $"https://{host}/.default" };
        var auth = new AzureIdentityAuthenticationProvider(credential, [host], observabilityOptions: null, isCaeEnabled: false, scopes: scopes);

        // Our own retry policy is bounded by the budget and also covers $batch steps: drop the SDK's retry handler.
        var handlers = GraphClientFactory.CreateDefaultHandlers().Where(h => h is not RetryHandler).ToList();
        handlers.Add(new ThrottlePriorityHandler(priority));
        handlers.Add(new GraphRequestMetricsHandler());
        var http = GraphClientFactory.Create(handlers);
        http.Timeout = options.RequestTimeout;
        lock (GraphClientConstruction)
        {
            return new EntraGraphClient(new GraphServiceClient(http, auth, baseUrl));
        }
    }

    // Kiota's default serializer registry is process-wide, and each GraphServiceClient wraps its factories in a
    // backing-store proxy without synchronisation. Two clients built at the same moment (the interactive and the bulk
    // client on a first request, or two hosts in one process) can nest that proxy, and every nesting writes a property
    // changed to null once more: a clear went out as {"onPremisesImmutableId":null,"onPremisesImmutableId":null,…}.
    // Built one at a time, the registry keeps exactly one proxy. (Reproduced in a fresh process: eight clients built at
    // once left eight nested proxies and eight nulls in the body; built in sequence, one. A test process cannot return
    // the SDK to that fresh state, so no test here can show it.)
    private static readonly Lock GraphClientConstruction = new();
}
