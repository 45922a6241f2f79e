namespace ImmutableId.Core.Webhooks;

/// <summary>
/// Webhook subscriptions and their deliveries (the outbox) in the configured storage (SQLite or Azure Tables), so
/// both survive a restart. Delivery updates are conditional on a claim, so two workers never send the same attempt.
/// </summary>
public interface IWebhookStore
{
    /// <summary>Stores a new subscription.</summary>
    Task CreateSubscriptionAsync(WebhookSubscription subscription, CancellationToken cancellationToken = default);

    /// <summary>The subscription, or null.</summary>
    Task<WebhookSubscription?> GetSubscriptionAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The owner's subscriptions (by <see cref="Audit.AuditCaller.ScopeKey"/>), or every subscription when <paramref name="ownerKey"/> is null; oldest first.</summary>
    Task<IReadOnlyList<WebhookSubscription>> ListSubscriptionsAsync(string? ownerKey, CancellationToken cancellationToken = default);

    /// <summary>Deletes the subscription; false when there was none. Its pending deliveries are abandoned by the worker.</summary>
    Task<bool> DeleteSubscriptionAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Records a new delivery; false, changing nothing, when one with its id exists (the event was already recorded).</summary>
    Task<bool> TryAddDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>The delivery, or null.</summary>
    Task<WebhookDelivery?> GetDeliveryAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The subscription's deliveries, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(Guid subscriptionId, int max, CancellationToken cancellationToken = default);

    /// <summary>Pending deliveries due at <paramref name="now"/> and not claimed by a live worker, oldest due first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims a due, pending delivery until <paramref name="claimUntil"/> (a worker that dies leaves it to be claimed again
    /// then); answers it, or null when it is not pending, not due, or claimed by another worker.
    /// </summary>
    Task<WebhookDelivery?> TryClaimAsync(string id, DateTimeOffset now, DateTimeOffset claimUntil, CancellationToken cancellationToken = default);

    /// <summary>Saves a claimed delivery after an attempt (its state, next attempt and attempts) and ends the claim.</summary>
    Task SaveAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default);
}
