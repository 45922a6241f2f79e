using ImmutableId.Api.Agents;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Convert;
using ImmutableId.Api.Diagnoses;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Sync;
using ImmutableId.Core.Sync;
using ImmutableId.Api.Health;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Operations;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using ImmutableId.Core.Leases;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api;

/// <summary>Registers the handlers that both hosts map.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>Adds the API's handlers and their dependencies.</summary>
    public static IServiceCollection AddImmutableIdApi(this IServiceCollection services)
    {
        services.AddSingleton<ConvertHandler>();
        services.AddSingleton<HealthHandler>();
        services.AddReadiness();
        services.AddSingleton<OperationsHandler>();
        services.AddSingleton<WriteGuard>();
        services.AddSingleton<ApiEndpointPipeline>();
        services.AddSingleton(typeof(ApiEndpointRunner<>));
        services.AddSingleton<AgentBatchHandler>();
        services.AddSingleton<AgentsHandler>();
        // AgentOptions (section Agents) is bound and validated with the on-prem directory (AddOnPremDirectory).
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<AuditReconciliationService>();
        services.AddOptions<OpenApiOptions>()
            .BindConfiguration(OpenApiOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OpenApiOptions>, OpenApiOptionsValidator>();
        services.AddSingleton(sp => new OpenApiHandler(
            OpenApiSecuritySettings.From(sp.GetService<IOptions<AuthOptions>>()?.Value),
            sp.GetRequiredService<IOptions<OpenApiOptions>>().Value));
        return services;
    }

    /// <summary>
    /// Adds the hard-match workflow and its handler: the validated <see cref="PolicyOptions"/> (section <c>Policy</c>).
    /// The host registers <see cref="IOnPremDirectory"/>, <see cref="IEntraDirectory"/> and the storage
    /// (<see cref="IAuditLog"/>, <see cref="IUserLease"/>) the workflow records and serialises writes with. When the
    /// storage holds the app-wide <see cref="IWriteBudget"/>, interactive writes take from it too
    /// (<see cref="WritePriority.Interactive"/>: the reserve bulk jobs leave, a bounded wait), so a help-desk PUT during a
    /// job can neither push the app over Graph's write limit nor queue behind the job.
    /// </summary>
    public static IServiceCollection AddHardMatch(this IServiceCollection services)
    {
        services.AddOptions<PolicyOptions>()
            .BindConfiguration(PolicyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => CreateWorkflow(sp, WritePriority.Interactive));
        services.AddKeyedSingleton(WritePriority.Bulk, (sp, _) => CreateWorkflow(sp, WritePriority.Bulk));
        services.AddSingleton<ImmutableIdHandler>();
        services.AddSingleton<DiagnosisHandler>();

        // Cloud Sync provision on demand (the Graph adapter registers the real provisioner when Sync:CloudSync is set).
        services.TryAddSingleton<ICloudSyncProvisioner>(NoCloudSyncProvisioner.Instance);
        services.AddSingleton<CloudSyncService>();
        services.AddSingleton<SyncHandler>();
        services.AddSingleton<SetProvisioning>();
        return services;
    }

    /// <summary>
    /// The one construction of the write workflow, for every host and the job processor: the same validated
    /// <see cref="PolicyOptions"/> (lease timings included), audit log and leases; only the Graph client (bulk items send
    /// low throttle priority) and the write budget's priority differ.
    /// </summary>
    private static HardMatchWorkflow CreateWorkflow(IServiceProvider sp, WritePriority priority)
    {
        var policy = sp.GetRequiredService<IOptions<PolicyOptions>>().Value;
        var time = sp.GetRequiredService<TimeProvider>();
        var entra = priority == WritePriority.Bulk
            ? sp.GetKeyedService<IEntraDirectory>(JobOptions.BulkDirectoryKey) ?? sp.GetRequiredService<IEntraDirectory>()
            : sp.GetRequiredService<IEntraDirectory>();
        var budget = priority == WritePriority.Bulk ? sp.GetRequiredService<IWriteBudget>() : sp.GetService<IWriteBudget>();
        if (budget is not null)
        {
            var jobs = sp.GetService<IOptions<JobOptions>>()?.Value ?? new JobOptions();
            entra = priority == WritePriority.Bulk
                ? new BudgetedEntraDirectory(entra, budget, time, WritePriority.Bulk)
                : new BudgetedEntraDirectory(entra, budget, time, WritePriority.Interactive, TimeSpan.FromSeconds(jobs.InteractiveWaitSeconds));
        }

        return new HardMatchWorkflow(sp.GetRequiredService<IOnPremDirectory>(), entra, policy, sp.GetService<IAuditLog>(), sp.GetService<IUserLease>(), time);
    }
}
