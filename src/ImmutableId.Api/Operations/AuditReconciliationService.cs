using ImmutableId.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Api.Operations;

/// <summary>
/// At start-up, resolves intents left pending by a process that stopped between the Graph write and the outcome
/// (see <see cref="AuditReconciler"/>). Runs in the background: start-up never waits for Entra.
/// </summary>
internal sealed partial class AuditReconciliationService(IServiceProvider services, ILogger<AuditReconciliationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reconciler = AuditReconcilers.TryCreate(services);
        if (reconciler is null)
        {
            LogNoDirectory(logger);
            return;
        }

        try
        {
            // Intents become reconcilable after the grace period; check once now and once after it has passed.
            LogResolved(logger, await reconciler.ReconcilePendingAsync(cancellationToken: stoppingToken).ConfigureAwait(false));
            await Task.Delay(AuditReconciler.GracePeriod, stoppingToken).ConfigureAwait(false);
            LogResolved(logger, await reconciler.ReconcilePendingAsync(cancellationToken: stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A store outage must not take the host down; the next start-up or read tries again.
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Audit reconciliation resolved {Count} abandoned intent(s)")]
    private static partial void LogResolved(ILogger logger, int count);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Audit reconciliation skipped: no Entra directory is configured")]
    private static partial void LogNoDirectory(ILogger logger);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Audit reconciliation failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
