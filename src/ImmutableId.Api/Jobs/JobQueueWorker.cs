using System.Runtime.CompilerServices;
using ImmutableId.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Jobs;

/// <summary>
/// The Standalone host's job worker: receives item messages from the configured <see cref="IJobQueue"/> (the local
/// SQLite queue, or an Azure Storage queue) and runs each through <see cref="JobProcessor"/>, up to
/// <see cref="JobOptions.WorkerConcurrency"/> at a time. A message is deleted only after its item's outcome is
/// recorded. It is received for a short visibility timeout and renewed every third of it while its item runs (as the
/// Functions queue listener does), so a crash leaves it to reappear within one timeout, not after the longest an item
/// could take.
/// </summary>
public sealed partial class JobQueueWorker(
    IServiceProvider services,
    IOptions<JobOptions> options,
    TimeProvider time,
    ILogger<JobQueueWorker> logger) : BackgroundService
{
    private IJobQueue _queue = null!;
    private JobProcessor _processor = null!;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.WorkerEnabled)
        {
            LogDisabled(logger);
            return;
        }

        try
        {
            // Resolved here, not in the constructor: a storage without a queue must not stop the host serving everything else.
            _queue = services.GetRequiredService<IJobQueue>();
            _processor = services.GetRequiredService<JobProcessor>();
        }
        catch (InvalidOperationException ex)
        {
            LogNoQueue(logger, ex.Message);
            return;
        }

        var slots = new SemaphoreSlim(settings.WorkerConcurrency, settings.WorkerConcurrency);
        var running = new List<Task>();
        LogStarted(logger, settings.WorkerConcurrency, settings.WritesPerSecond);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var free = 1;
                while (free < settings.WorkerConcurrency && slots.Wait(0))
                {
                    free++;
                }

                var messages = await _queue.ReceiveAsync(free, settings.VisibilityTimeout, stoppingToken).ConfigureAwait(false);
                if (free > messages.Count)
                {
                    slots.Release(free - messages.Count);
                }

                foreach (var message in messages)
                {
                    running.Add(RunAsync(message, slots, stoppingToken));
                }

                running.RemoveAll(t => t.IsCompleted);
                if (messages.Count == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(settings.PollMilliseconds), time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The store or queue is unreachable: wait and try again; never take the host down.
                LogReceiveFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(5), time, CancellationToken.None).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task RunAsync(ReceivedJobMessage message, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            JobItemDisposition disposition;
            var current = new StrongBox<ReceivedJobMessage>(message);
            using (var renewing = new CancellationTokenSource())
            {
                var renewal = KeepHiddenAsync(current, renewing.Token);
                try
                {
                    disposition = await _processor.ProcessAsync(message.Message, message.DequeueCount, stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    await renewing.CancelAsync().ConfigureAwait(false);
                    await renewal.ConfigureAwait(false);
                }
            }

            // The latest receipt: an Azure Storage queue issues a new one with every renewal.
            message = current.Value!;
            if (disposition.Done)
            {
                await _queue.DeleteAsync(message, CancellationToken.None).ConfigureAwait(false);
                LogItem(logger, message.Message.JobId, message.Message.Index, disposition.Status?.ToString() ?? "none");
            }
            else if (disposition.CountsAsDelivery)
            {
                await _queue.ReleaseAsync(message, disposition.RetryAfter, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                // Not a failed delivery (throttling, a duplicate delivery): a fresh copy, so the poison bound is not spent.
                await _queue.EnqueueAsync([message.Message], disposition.RetryAfter, CancellationToken.None).ConfigureAwait(false);
                await _queue.DeleteAsync(message, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping: the message reappears after its visibility timeout and the item is taken again.
        }
        catch (Exception ex)
        {
            LogItemFailed(logger, ex, message.Message.JobId, message.Message.Index, message.DequeueCount);
        }
        finally
        {
            slots.Release();
        }
    }

    // Renews the message's visibility every RenewalInterval until stopped, keeping the latest receipt in `current`.
    // A stale receipt (the message was taken over after a stall) ends the loop; a failed call is tried at the next tick.
    private async Task KeepHiddenAsync(StrongBox<ReceivedJobMessage> current, CancellationToken stop)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.RenewalInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    // Not cancelled midway: a renewal the queue applied must hand back its new receipt.
                    var renewed = await _queue.RenewAsync(current.Value!, settings.VisibilityTimeout, CancellationToken.None).ConfigureAwait(false);
                    if (renewed is null)
                    {
                        LogRenewalLost(logger, current.Value!.Message.JobId, current.Value.Message.Index);
                        return;
                    }

                    current.Value = renewed;
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    LogRenewalFailed(logger, ex, current.Value!.Message.JobId, current.Value.Message.Index);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "Job {JobId} item {Index}: its message was delivered again while it ran (the worker stalled past the visibility timeout)")]
    private static partial void LogRenewalLost(ILogger logger, Guid jobId, int index);

    [LoggerMessage(EventId = 6108, Level = LogLevel.Warning, Message = "Job {JobId} item {Index}: could not renew its message's visibility; trying again")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, Guid jobId, int index);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Job worker started: {Concurrency} item(s) at a time, Graph write budget {WritesPerSecond:F2}/s shared by every instance")]
    private static partial void LogStarted(ILogger logger, int concurrency, double writesPerSecond);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Job worker disabled (Jobs:WorkerEnabled=false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Debug, Message = "Job {JobId} item {Index}: {Status}")]
    private static partial void LogItem(ILogger logger, Guid jobId, int index, string status);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Error, Message = "Job {JobId} item {Index} failed unexpectedly on delivery {DequeueCount}; it will be delivered again")]
    private static partial void LogItemFailed(ILogger logger, Exception exception, Guid jobId, int index, long dequeueCount);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Error, Message = "Job worker not started: {Reason}")]
    private static partial void LogNoQueue(ILogger logger, string reason);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "Job worker could not read the queue; retrying in 5 s")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception);
}
