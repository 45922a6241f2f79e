using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Api.Operations;

/// <summary>Builds the reconciler when the host has an Entra directory (reconciliation reads users back through it).</summary>
internal static class AuditReconcilers
{
    public static AuditReconciler? TryCreate(IServiceProvider services) =>
        services.GetService<IEntraDirectory>() is { } directory && services.GetService<IAuditLog>() is { } auditLog
            ? new AuditReconciler(auditLog, directory, services.GetService<TimeProvider>())
            : null;
}
