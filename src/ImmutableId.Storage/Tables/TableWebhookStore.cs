using Azure;
using Azure.Data.Tables;
using ImmutableId.Core.Webhooks;
using ImmutableId.Storage.Webhooks;

namespace ImmutableId.Storage.Tables;

/// <summary>
/// <see cref="IWebhookStore"/> in Azure Tables: {prefix}WebhookSubscriptions (PartitionKey "subscription", RowKey = id)
/// and {prefix}WebhookDeliveries (PartitionKey "delivery", RowKey = message id), each entity the JSON document plus the
/// columns the queries filter on. Insert conflicts make recording a delivery idempotent; a claim is an ETag-conditioned update.
/// </summary>
internal sealed class TableWebhookStore(TableServiceClient service, string prefix) : IWebhookStore
{
    private const string SubscriptionPartition = "subscription";
    private const string DeliveryPartition = "delivery";

    private readonly TableClient _subscriptions = service.GetTableClient(prefix + "WebhookSubscriptions");
    private readonly TableClient _deliveries = service.GetTableClient(prefix + "WebhookDeliveries");
    private TablesCreatedOnce? _created;

    private Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref _created, () => new(_subscriptions, _deliveries)).EnsureCreatedAsync(cancellationToken);

    public async Task CreateSubscriptionAsync(WebhookSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(SubscriptionPartition, subscription.Id.ToString("D"))
        {
            ["OwnerKey"] = subscription.Owner.ScopeKey,
            ["CreatedMs"] = subscription.CreatedAt.ToUnixTimeMilliseconds(),
            ["Subscription"] = WebhookJson.Serialize(subscription),
        };
        try
        {
            await _subscriptions.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new InvalidOperationException($"A subscription with id {subscription.Id} already exists.", ex);
        }
    }

    public async Task<WebhookSubscription?> GetSubscriptionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var entity = await _subscriptions.GetEntityIfExistsAsync<TableEntity>(SubscriptionPartition, id.ToString("D"), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? WebhookJson.Deserialize<WebhookSubscription>(entity.Value!.GetString("Subscription")) : null;
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListSubscriptionsAsync(string? ownerKey, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var query = ownerKey is null
            ? _subscriptions.QueryAsync<TableEntity>(e => e.PartitionKey == SubscriptionPartition, cancellationToken: cancellationToken)
            : _subscriptions.QueryAsync<TableEntity>(e => e.PartitionKey == SubscriptionPartition && (string)e["OwnerKey"] == ownerKey, cancellationToken: cancellationToken);
        var list = new List<WebhookSubscription>();
        await foreach (var entity in query.ConfigureAwait(false))
        {
            list.Add(WebhookJson.Deserialize<WebhookSubscription>(entity.GetString("Subscription")));
        }

        return list.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToList();
    }

    public async Task<bool> DeleteSubscriptionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        // The SDK answers a delete of a missing entity as a success: read it first to tell the caller whether there was one.
        var existing = await _subscriptions.GetEntityIfExistsAsync<TableEntity>(SubscriptionPartition, id.ToString("D"), ["RowKey"], cancellationToken).ConfigureAwait(false);
        if (!existing.HasValue)
        {
            return false;
        }

        try
        {
            await _subscriptions.DeleteEntityAsync(SubscriptionPartition, id.ToString("D"), existing.Value!.ETag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<bool> TryAddDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _deliveries.AddEntityAsync(ToEntity(delivery, claimedMs: 0), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<WebhookDelivery?> GetDeliveryAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var entity = await _deliveries.GetEntityIfExistsAsync<TableEntity>(DeliveryPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? WebhookJson.Deserialize<WebhookDelivery>(entity.Value!.GetString("Delivery")) : null;
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(Guid subscriptionId, int max, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var key = subscriptionId.ToString("D");
        var list = new List<WebhookDelivery>();
        await foreach (var entity in _deliveries.QueryAsync<TableEntity>(e => e.PartitionKey == DeliveryPartition && (string)e["SubscriptionId"] == key, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(WebhookJson.Deserialize<WebhookDelivery>(entity.GetString("Delivery")));
        }

        return list.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var ms = now.ToUnixTimeMilliseconds();
        var list = new List<WebhookDelivery>();
        await foreach (var entity in _deliveries.QueryAsync<TableEntity>(
            e => e.PartitionKey == DeliveryPartition && (string)e["State"] == nameof(WebhookDeliveryState.Pending) && (long)e["NextMs"] <= ms && (long)e["ClaimedMs"] <= ms,
            cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(WebhookJson.Deserialize<WebhookDelivery>(entity.GetString("Delivery")));
        }

        return list.OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<WebhookDelivery?> TryClaimAsync(string id, DateTimeOffset now, DateTimeOffset claimUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var existing = await _deliveries.GetEntityIfExistsAsync<TableEntity>(DeliveryPartition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        var ms = now.ToUnixTimeMilliseconds();
        if (!existing.HasValue || existing.Value!.GetString("State") != nameof(WebhookDeliveryState.Pending) ||
            existing.Value.GetInt64("NextMs") > ms || existing.Value.GetInt64("ClaimedMs") > ms)
        {
            return null;
        }

        existing.Value["ClaimedMs"] = claimUntil.ToUnixTimeMilliseconds();
        try
        {
            await _deliveries.UpdateEntityAsync(existing.Value, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }

        return WebhookJson.Deserialize<WebhookDelivery>(existing.Value.GetString("Delivery"));
    }

    public async Task SaveAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await _deliveries.UpsertEntityAsync(ToEntity(delivery, claimedMs: 0), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private static TableEntity ToEntity(WebhookDelivery delivery, long claimedMs) => new(DeliveryPartition, delivery.Id)
    {
        ["SubscriptionId"] = delivery.SubscriptionId.ToString("D"),
        ["State"] = delivery.State.ToString(),
        ["CreatedMs"] = delivery.CreatedAt.ToUnixTimeMilliseconds(),
        ["NextMs"] = delivery.NextAttemptAt.ToUnixTimeMilliseconds(),
        ["ClaimedMs"] = claimedMs,
        ["Delivery"] = WebhookJson.Serialize(delivery),
    };
}
