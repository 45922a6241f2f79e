using Azure.Storage.Queues.Models;
using ImmutableId.Core.Jobs;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary>
/// Queue trigger: one bulk job item (the queue Jobs:QueueName on the storage account of the app setting prefix
/// <c>JobsQueue</c>, e.g. <c>JobsQueue__queueServiceUri</c> with the managed identity). The platform scales instances;
/// the shared write budget keeps them together under Graph's limit. Returning deletes the message; throwing lets the
/// runtime deliver it again (counted towards the poison bound).
/// </summary>
public sealed class ProcessJobItemFunction(JobProcessor processor, IJobQueue queue)
{
    [Function("ProcessJobItem")]
    public async Task RunAsync([QueueTrigger("%Jobs:QueueName%", Connection = "JobsQueue")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!JobMessage.TryParse(message.MessageText, out var item))
        {
            return;
        }

        var disposition = await processor.ProcessAsync(item!, message.DequeueCount, cancellationToken).ConfigureAwait(false);
        if (disposition.Done)
        {
            return;
        }

        if (disposition.CountsAsDelivery)
        {
            throw new JobItemRetryException(item!, disposition.RetryAfter);
        }

        // Throttling or a duplicate delivery: a fresh copy after the delay, and this delivery completes.
        await queue.EnqueueAsync([item!], disposition.RetryAfter, cancellationToken).ConfigureAwait(false);
    }
}
