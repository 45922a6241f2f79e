using Azure;
using Azure.Storage.Queues;
using ImmutableId.Core.Jobs;

namespace ImmutableId.Storage.Queues;

/// <summary>
/// <see cref="IJobQueue"/> on an Azure Storage queue (Azurite in tests). Messages are Base64, as the Functions queue
/// trigger reads them by default; the queue is created on first use.
/// </summary>
internal sealed class AzureStorageJobQueue(QueueClient queue) : IJobQueue
{
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public async Task EnqueueAsync(IReadOnlyList<JobMessage> messages, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var visibility = delay > TimeSpan.Zero ? delay : (TimeSpan?)null;
        foreach (var message in messages)
        {
            await queue.SendMessageAsync(message.ToString(), visibility, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ReceivedJobMessage>> ReceiveAsync(int max, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await queue.ReceiveMessagesAsync(Math.Min(max, 32), visibilityTimeout, cancellationToken).ConfigureAwait(false);
        var received = new List<ReceivedJobMessage>();
        foreach (var message in response.Value)
        {
            if (JobMessage.TryParse(message.MessageText, out var parsed))
            {
                received.Add(new ReceivedJobMessage(parsed!, message.MessageId, message.PopReceipt, message.DequeueCount));
            }
            else
            {
                // Not ours: dropped rather than delivered forever.
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
            }
        }

        return received;
    }

    public async Task<bool> DeleteAsync(ReceivedJobMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.Receipt, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            return false;
        }
    }

    public async Task<ReceivedJobMessage?> RenewAsync(ReceivedJobMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(visibilityTimeout, TimeSpan.Zero);
        try
        {
            var updated = await queue.UpdateMessageAsync(message.MessageId, message.Receipt, visibilityTimeout: visibilityTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            return message with { Receipt = updated.Value.PopReceipt };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            return null;
        }
    }

    public async Task<bool> ReleaseAsync(ReceivedJobMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await queue.UpdateMessageAsync(message.MessageId, message.Receipt, visibilityTimeout: delay > TimeSpan.Zero ? delay : TimeSpan.Zero, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            return false;
        }
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initLock.Release();
        }
    }
}
