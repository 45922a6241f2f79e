using ImmutableId.Api.Convert;
using ImmutableId.Api.Health;
using ImmutableId.Api.Operations;
using ImmutableId.Api.Writes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImmutableId.Api;

/// <summary>Registers the handlers that both hosts map.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>Adds the API's handlers and their dependencies.</summary>
    public static IServiceCollection AddImmutableIdApi(this IServiceCollection services)
    {
        services.AddSingleton<ConvertHandler>();
        services.AddSingleton<HealthHandler>();
        services.AddSingleton<OperationsHandler>();
        services.AddSingleton<AuditJournal>();
        services.AddSingleton<WriteGuard>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<AuditReconciliationService>();
        return services;
    }
}
