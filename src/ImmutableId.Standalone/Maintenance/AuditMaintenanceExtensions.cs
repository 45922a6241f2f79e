using ImmutableId.Api.Retention;

namespace ImmutableId.Standalone.Maintenance;

/// <summary>Audit maintenance in the Standalone host: a hosted service on <c>AuditRetention:Interval</c>.</summary>
internal static class AuditMaintenanceExtensions
{
    public static IServiceCollection AddAuditMaintenanceService(this IServiceCollection services)
    {
        services.AddAuditMaintenance();
        services.AddHostedService<AuditMaintenanceService>();
        return services;
    }
}
