using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImmutableId.Api.Health;

/// <summary>Registers the readiness probe runner; each adapter registers its own <c>IReadinessProbe</c>.</summary>
public static class ReadinessServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ReadinessService"/> and its validated <see cref="ReadinessOptions"/> (section <c>Health</c>).</summary>
    public static IServiceCollection AddReadiness(this IServiceCollection services)
    {
        services.AddOptions<ReadinessOptions>()
            .BindConfiguration(ReadinessOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReadinessService>();
        return services;
    }
}
