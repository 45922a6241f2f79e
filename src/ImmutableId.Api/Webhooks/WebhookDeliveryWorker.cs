using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Webhooks;

/// <summary>
/// The Standalone host's webhook worker: runs <see cref="WebhookDispatcher.RunOnceAsync"/> every
/// <see cref="WebhookOptions.PollMilliseconds"/>. Everything it needs is in the store, so a restarted host (or another
/// instance) picks up where this one stopped.
/// </summary>
public sealed partial class WebhookDeliveryWorker(
    WebhookDispatcher dispatcher,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.WorkerEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(settings.PollMilliseconds), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store may be unreachable for a while: the next pass tries again, nothing is lost.
                LogPassFailed(logger, ex.GetType().Name, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(settings.PollMilliseconds), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 5121, Level = LogLevel.Warning, Message = "Webhook delivery pass failed ({ExceptionType}): {Message}; trying again")]
    private static partial void LogPassFailed(ILogger logger, string exceptionType, string message);
}
