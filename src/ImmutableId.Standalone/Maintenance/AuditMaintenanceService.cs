using ImmutableId.Api.Retention;

namespace ImmutableId.Standalone.Maintenance;

/// <summary>
/// Runs <see cref="AuditMaintenance"/> (retention and reconciliation of abandoned intents) every
/// <c>AuditRetention:Interval</c> in the Standalone host, first one interval after start (start-up reconciliation
/// already runs at start). A failed run is logged and the next one tries again.
/// </summary>
internal sealed partial class AuditMaintenanceService(AuditMaintenance maintenance, TimeProvider time, ILogger<AuditMaintenanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(maintenance.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await maintenance.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1710, Level = LogLevel.Error, Message = "Audit maintenance failed; the next run tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
