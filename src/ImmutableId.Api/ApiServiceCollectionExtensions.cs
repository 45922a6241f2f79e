using ImmutableId.Api.Convert;
using ImmutableId.Api.Health;
using ImmutableId.Api.Operations;
using Microsoft.Extensions.DependencyInjection;

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
        services.AddHostedService<AuditReconciliationService>();
        return services;
    }
}
