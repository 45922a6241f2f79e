using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;
using ImmutableId.Core.Leases;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Jobs;

/// <summary>Registers bulk jobs: options, the submission service, the item processor and the handler.</summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="JobOptions"/> (section <c>Jobs</c>, validated on start), <see cref="JobService"/>,
    /// <see cref="JobProcessor"/> — over its own <see cref="HardMatchWorkflow"/> whose Entra directory is the
    /// low-priority bulk one (keyed <see cref="JobOptions.BulkDirectoryKey"/>) behind the shared write budget — and
    /// <see cref="JobsHandler"/>. The host adds the storage (<see cref="IJobStore"/>, <see cref="IJobQueue"/>,
    /// <see cref="IWriteBudget"/>) and, in Standalone, the <see cref="JobQueueWorker"/>.
    /// </summary>
    public static IServiceCollection AddImmutableIdJobs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<JobOptions>()
            .BindConfiguration(JobOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new JobService(sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<IJobQueue>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var workflow = sp.GetRequiredKeyedService<HardMatchWorkflow>(WritePriority.Bulk);
            return new JobProcessor(sp.GetRequiredService<IJobStore>(), workflow, sp.GetService<IAuditLog>(), sp.GetRequiredService<IOptions<JobOptions>>().Value, time);
        });
        services.TryAddSingleton(sp => new CandidateDiscovery(sp.GetRequiredService<ICloudUserCatalog>(), sp.GetRequiredService<IOptions<PolicyOptions>>().Value));
        services.TryAddSingleton<JobsHandler>();
        return services;
    }

    /// <summary>Adds the hosted worker that processes the job queue in this process (Standalone).</summary>
    public static IServiceCollection AddJobQueueWorker(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHostedService<JobQueueWorker>();
        return services;
    }
}
