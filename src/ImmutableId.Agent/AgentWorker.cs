using ImmutableId.Agent.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.Agent;

/// <summary>Runs a sync cycle, then waits <see cref="AgentSettings.DeltaInterval"/>; one cycle only with <see cref="AgentSettings.RunOnce"/>.</summary>
internal sealed class AgentWorker(SyncEngine engine, IOptions<AgentSettings> settings, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<AgentWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await engine.RunCycleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever failed (DC, API, token, disk), the service keeps running and tries again at the next interval.
                AgentLog.CycleFailed(logger, ex.Message, ex);
                Environment.ExitCode = 1;
            }

            if (settings.Value.RunOnce)
            {
                lifetime.StopApplication();
                return;
            }

            Environment.ExitCode = 0;
            try
            {
                await Task.Delay(settings.Value.DeltaInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
