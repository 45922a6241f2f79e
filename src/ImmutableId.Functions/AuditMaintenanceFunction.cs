using ImmutableId.Api.Retention;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary>Timer: audit retention per outcome and reconciliation of abandoned intents, every hour (at minute 17).</summary>
public sealed class AuditMaintenanceFunction(AuditMaintenance maintenance)
{
    /// <summary>NCRONTAB (with seconds): hourly, off the full hour.</summary>
    public const string Schedule = "0 17 * * * *";

    [Function("AuditMaintenance")]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        maintenance.RunOnceAsync(cancellationToken);
}
