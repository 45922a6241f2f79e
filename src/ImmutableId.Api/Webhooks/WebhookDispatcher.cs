using System.Collections.Concurrent;
using System.Text.Json;
using ImmutableId.Api.Http;
using ImmutableId.Core.Jobs;
using ImmutableId.Core.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Webhooks;

/// <summary>
/// One pass of webhook delivery, the same in both hosts (the Standalone worker runs it every few seconds, the
/// Functions timer every 30 s):
/// <list type="number">
/// <item>record: for every subscription, each of its owner's jobs that ended since it was created (or the one job it
/// watches) gets one delivery in the outbox. The delivery id is derived from subscription, job and event, so recording
/// is idempotent and a pass after a crash records what the last one missed — nothing hooks the job processor;</item>
/// <item>deliver: each due delivery is claimed, sent once, its attempt recorded; a failure is retried with exponential
/// backoff until the last attempt, then marked failed (410 Gone ends it at once). A deleted subscription's deliveries are abandoned.</item>
/// </list>
/// Only the subscription owner's jobs are announced (the owner rule of GET /api/jobs/{id}).
/// </summary>
public sealed partial class WebhookDispatcher(
    IWebhookStore store,
    IJobStore jobs,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger)
{
    /// <summary>The owner's newest jobs a pass looks at (the store lists at most this many).</summary>
    internal const int JobsPerOwner = 50;

    private const int DeliveriesPerPass = 50;

    // Deliveries this process recorded already: spares the store an insert that would only conflict.
    private readonly ConcurrentDictionary<string, byte> _recorded = new(StringComparer.Ordinal);

    /// <summary>Records the events of ended jobs, then sends the due deliveries; answers how many attempts it made.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await RecordEndedJobsAsync(cancellationToken).ConfigureAwait(false);
        return await DeliverDueAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records one <c>job.ended</c> delivery per subscription and matching ended job (idempotent).</summary>
    public async Task RecordEndedJobsAsync(CancellationToken cancellationToken = default)
    {
        var subscriptions = await store.ListSubscriptionsAsync(null, cancellationToken).ConfigureAwait(false);
        var owners = new Dictionary<string, IReadOnlyList<Job>>(StringComparer.Ordinal);
        if (_recorded.Count > 100_000)
        {
            _recorded.Clear();
        }

        foreach (var subscription in subscriptions.Where(s => s.Events.Contains(WebhookEvents.JobEnded)))
        {
            var ownerKey = subscription.Owner.ScopeKey;
            IReadOnlyList<Job> candidates;
            if (subscription.JobId is { } watched)
            {
                candidates = await jobs.GetAsync(watched, cancellationToken).ConfigureAwait(false) is { } one ? [one] : [];
            }
            else if (!owners.TryGetValue(ownerKey, out candidates!))
            {
                candidates = await jobs.ListAsync(ownerKey, JobsPerOwner, cancellationToken).ConfigureAwait(false);
                owners[ownerKey] = candidates;
            }

            foreach (var job in candidates)
            {
                if (!job.IsFinished || job.Owner.ScopeKey != ownerKey ||
                    (subscription.JobId is null && (job.EndedAt ?? time.GetUtcNow()) < subscription.CreatedAt))
                {
                    continue;
                }

                var id = WebhookDelivery.MessageId(subscription.Id, job.Id, WebhookEvents.JobEnded);
                if (_recorded.ContainsKey(id))
                {
                    continue;
                }

                var now = time.GetUtcNow();
                var payload = await PayloadAsync(subscription, job, now, cancellationToken).ConfigureAwait(false);
                if (await store.TryAddDeliveryAsync(new WebhookDelivery(id, subscription.Id, job.Id, WebhookEvents.JobEnded, payload, WebhookDeliveryState.Pending, now, now, []), cancellationToken).ConfigureAwait(false))
                {
                    LogRecorded(logger, id, subscription.Id, job.Id);
                }

                _recorded[id] = 0;
            }
        }
    }

    /// <summary>Sends every due delivery once; answers how many attempts were made.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var schedule = settings.RetrySchedule;
        var attempts = 0;
        foreach (var due in await store.ListDueAsync(time.GetUtcNow(), DeliveriesPerPass, cancellationToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow();
            // Held for two timeouts: a worker that dies mid-attempt frees it for another soon after.
            var claimed = await store.TryClaimAsync(due.Id, now, now + TimeSpan.FromSeconds(2 * settings.TimeoutSeconds + 5), cancellationToken).ConfigureAwait(false);
            if (claimed is null)
            {
                continue;
            }

            var subscription = await store.GetSubscriptionAsync(claimed.SubscriptionId, cancellationToken).ConfigureAwait(false);
            if (subscription is null)
            {
                await store.SaveAsync(claimed with { State = WebhookDeliveryState.Abandoned }, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var attempt = await sender.SendAsync(subscription, claimed, cancellationToken).ConfigureAwait(false);
            attempts++;
            var history = claimed.Attempts.Append(attempt).ToList();
            var delivered = attempt.StatusCode is >= 200 and < 300;
            var wait = delivered || attempt.StatusCode == 410 ? null : schedule.After(history.Count);
            var saved = claimed with
            {
                Attempts = history,
                State = delivered ? WebhookDeliveryState.Delivered : wait is null ? WebhookDeliveryState.Failed : WebhookDeliveryState.Pending,
                NextAttemptAt = wait is { } w ? time.GetUtcNow() + w : claimed.NextAttemptAt,
            };
            await store.SaveAsync(saved, cancellationToken).ConfigureAwait(false);
            if (delivered)
            {
                LogDelivered(logger, saved.Id, subscription.Id, subscription.Url.IdnHost, attempt.StatusCode!.Value, history.Count);
            }
            else
            {
                LogAttemptFailed(logger, saved.Id, subscription.Id, subscription.Url.IdnHost, attempt.StatusCode, attempt.Error, history.Count, saved.State);
            }
        }

        return attempts;
    }

    private async Task<string> PayloadAsync(WebhookSubscription subscription, Job job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = await jobs.CountAsync(job.Id, cancellationToken).ConfigureAwait(false);
        var self = $"{subscription.ApiBaseUrl.TrimEnd('/')}/{ApiRoutes.Prefix}/jobs/{job.Id:D}";
        var view = new WebhookJobView(
            job.Id,
            Camel(job.Operation.ToString()),
            Camel(job.State.ToString()),
            job.DryRun,
            job.Ticket,
            job.Total,
            counts.Done,
            counts.ByStatus.ToDictionary(p => Camel(p.Key.ToString()), p => p.Value),
            counts.ByCode,
            job.CreatedAt,
            job.StartedAt,
            job.EndedAt,
            new WebhookJobLinks(self, self + "/items", self + "/items.csv", self + "/report"));
        return JsonSerializer.Serialize(new WebhookEventPayload(WebhookEvents.JobEnded, now, subscription.Id, view), ApiJson.Options);
    }

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} recorded for subscription {SubscriptionId}: job {JobId} ended")]
    private static partial void LogRecorded(ILogger logger, string deliveryId, Guid subscriptionId, Guid jobId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} (subscription {SubscriptionId}) accepted by {Host} with {StatusCode} at attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string deliveryId, Guid subscriptionId, string host, int statusCode, int attempt);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} (subscription {SubscriptionId}) to {Host} failed at attempt {Attempt}: {StatusCode} {Error}; now {State}")]
    private static partial void LogAttemptFailed(ILogger logger, string deliveryId, Guid subscriptionId, string host, int? statusCode, string? error, int attempt, WebhookDeliveryState state);
}
