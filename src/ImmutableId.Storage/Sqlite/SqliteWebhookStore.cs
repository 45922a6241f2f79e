using ImmutableId.Core.Webhooks;
using ImmutableId.Storage.Webhooks;
using Microsoft.Data.Sqlite;

namespace ImmutableId.Storage.Sqlite;

/// <summary>
/// <see cref="IWebhookStore"/> in the SQLite file: one row per subscription and per delivery (the JSON document plus
/// the columns the queries need). A claim is one conditional update.
/// </summary>
internal sealed class SqliteWebhookStore(SqliteDatabase database) : IWebhookStore
{
    public async Task CreateSubscriptionAsync(WebhookSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO webhook_subscription (id, owner_key, created_ms, subscription) VALUES ($id, $owner, $created, $json)";
        command.Parameters.AddWithValue("$id", subscription.Id.ToString("D"));
        command.Parameters.AddWithValue("$owner", subscription.Owner.ScopeKey);
        command.Parameters.AddWithValue("$created", subscription.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$json", WebhookJson.Serialize(subscription));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw new InvalidOperationException($"A subscription with id {subscription.Id} already exists.", ex);
        }
    }

    public async Task<WebhookSubscription?> GetSubscriptionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT subscription FROM webhook_subscription WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? WebhookJson.Deserialize<WebhookSubscription>(json)
            : null;
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListSubscriptionsAsync(string? ownerKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = ownerKey is null
            ? "SELECT subscription FROM webhook_subscription ORDER BY created_ms, id"
            : "SELECT subscription FROM webhook_subscription WHERE owner_key = $owner ORDER BY created_ms, id";
        command.Parameters.AddWithValue("$owner", (object?)ownerKey ?? DBNull.Value);
        var list = new List<WebhookSubscription>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(WebhookJson.Deserialize<WebhookSubscription>(reader.GetString(0)));
        }

        return list;
    }

    public async Task<bool> DeleteSubscriptionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM webhook_subscription WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> TryAddDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO webhook_delivery (id, subscription_id, state, created_ms, next_ms, claimed_ms, delivery)
            VALUES ($id, $subscription, $state, $created, $next, 0, $json)
            ON CONFLICT (id) DO NOTHING
            """;
        command.Parameters.AddWithValue("$id", delivery.Id);
        command.Parameters.AddWithValue("$subscription", delivery.SubscriptionId.ToString("D"));
        command.Parameters.AddWithValue("$state", delivery.State.ToString());
        command.Parameters.AddWithValue("$created", delivery.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$next", delivery.NextAttemptAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$json", WebhookJson.Serialize(delivery));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<WebhookDelivery?> GetDeliveryAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT delivery FROM webhook_delivery WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? WebhookJson.Deserialize<WebhookDelivery>(json)
            : null;
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(Guid subscriptionId, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT delivery FROM webhook_delivery WHERE subscription_id = $subscription ORDER BY created_ms DESC, id DESC LIMIT $max";
        command.Parameters.AddWithValue("$subscription", subscriptionId.ToString("D"));
        command.Parameters.AddWithValue("$max", max);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT delivery FROM webhook_delivery WHERE state = 'Pending' AND next_ms <= $now AND claimed_ms <= $now ORDER BY next_ms, id LIMIT $max";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", max);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WebhookDelivery?> TryClaimAsync(string id, DateTimeOffset now, DateTimeOffset claimUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE webhook_delivery SET claimed_ms = $until
            WHERE id = $id AND state = 'Pending' AND next_ms <= $now AND claimed_ms <= $now
            RETURNING delivery
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$until", claimUntil.ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? WebhookJson.Deserialize<WebhookDelivery>(json)
            : null;
    }

    public async Task SaveAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE webhook_delivery SET state = $state, next_ms = $next, claimed_ms = 0, delivery = $json WHERE id = $id";
        command.Parameters.AddWithValue("$id", delivery.Id);
        command.Parameters.AddWithValue("$state", delivery.State.ToString());
        command.Parameters.AddWithValue("$next", delivery.NextAttemptAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$json", WebhookJson.Serialize(delivery));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<WebhookDelivery>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<WebhookDelivery>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(WebhookJson.Deserialize<WebhookDelivery>(reader.GetString(0)));
        }

        return list;
    }
}
