using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImmutableId.Api.Retention;

/// <summary>Registers audit maintenance (retention and reconciliation); each host schedules it.</summary>
public static class AuditRetentionServiceCollectionExtensions
{
    /// <summary>Adds <see cref="AuditMaintenance"/> and its validated <see cref="AuditRetentionOptions"/> (section <c>AuditRetention</c>).</summary>
    public static IServiceCollection AddAuditMaintenance(this IServiceCollection services)
    {
        services.AddOptions<AuditRetentionOptions>()
            .BindConfiguration(AuditRetentionOptions.SectionName)
            .Validate(o => o.BatchSize is >= 1 and <= 5000 && o.Interval >= TimeSpan.FromMinutes(1) &&
                           new[] { o.Succeeded, o.Failed, o.NoChange, o.DryRun, o.Refused }.All(t => t >= TimeSpan.Zero),
                "AuditRetention: BatchSize 1..5000, Interval at least 00:01:00, and each retention zero (keep forever) or positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditMaintenance>();
        return services;
    }
}
