using ImmutableId.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImmutableId.Api.Telemetry;

/// <summary>Registers the API's telemetry hook; the host picks the exporter.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Decorates the registered <see cref="IAuditLog"/> so that each recorded outcome emits its span and metrics
    /// (<see cref="ImmutableIdTelemetry"/>). Call after the storage registration.
    /// </summary>
    /// <exception cref="InvalidOperationException">No <see cref="IAuditLog"/> is registered yet.</exception>
    public static IServiceCollection AddAuditTelemetry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var original = services.LastOrDefault(d => d.ServiceType == typeof(IAuditLog))
            ?? throw new InvalidOperationException("Register the audit log (AddImmutableIdStorage) before AddAuditTelemetry.");
        if (original.ImplementationType == typeof(TelemetryAuditLog))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.Replace(ServiceDescriptor.Singleton<IAuditLog>(sp => new TelemetryAuditLog(Resolve(sp, original), sp.GetRequiredService<TimeProvider>())));
        return services;
    }

    private static IAuditLog Resolve(IServiceProvider services, ServiceDescriptor original) =>
        original.ImplementationInstance as IAuditLog
        ?? (original.ImplementationFactory is { } factory
            ? (IAuditLog)factory(services)
            : (IAuditLog)ActivatorUtilities.CreateInstance(services, original.ImplementationType!));
}
