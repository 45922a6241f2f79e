using System.Security.Cryptography;
using ImmutableId.Core.Jobs;

namespace ImmutableId.Storage.Sqlite;

/// <summary>
/// <see cref="IJobQueue"/> in the SQLite file — the Standalone host's durable local queue, with the semantics of an
/// Azure Storage queue: a received message is hidden until its visibility timeout, its dequeue count grows with each
/// delivery, and only the latest receipt may delete or release it.
/// </summary>
internal sealed class SqliteJobQueue(SqliteDatabase database, TimeProvider timeProvider) : IJobQueue
{
    public async Task EnqueueAsync(IReadOnlyList<JobMessage> messages, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var visible = (timeProvider.GetUtcNow() + (delay > TimeSpan.Zero ? delay : TimeSpan.Zero)).ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO job_queue (body, visible_ms) VALUES ($body, $visible)";
        var body = command.Parameters.Add("$body", Microsoft.Data.Sqlite.SqliteType.Text);
        command.Parameters.AddWithValue("$visible", visible);
        foreach (var message in messages)
        {
            body.Value = message.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        transaction.Commit();
    }

    public async Task<IReadOnlyList<ReceivedJobMessage>> ReceiveAsync(int max, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(visibilityTimeout, TimeSpan.Zero);
        var now = timeProvider.GetUtcNow();
        var receipt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE job_queue SET visible_ms = $until, dequeue_count = dequeue_count + 1, receipt = $receipt
            WHERE id IN (SELECT id FROM job_queue WHERE visible_ms <= $now ORDER BY visible_ms, id LIMIT $max)
            RETURNING id, body, dequeue_count
            """;
        command.Parameters.AddWithValue("$until", (now + visibilityTimeout).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$receipt", receipt);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", max);
        var received = new List<ReceivedJobMessage>();
        var unreadable = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetInt64(0);
                if (JobMessage.TryParse(reader.GetString(1), out var message))
                {
                    received.Add(new ReceivedJobMessage(message!, id.ToString(System.Globalization.CultureInfo.InvariantCulture), receipt, reader.GetInt64(2)));
                }
                else
                {
                    unreadable.Add(id);
                }
            }
        }

        foreach (var id in unreadable)
        {
            // Not ours (nothing else writes this table); dropped rather than delivered forever.
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM job_queue WHERE id = $id";
            delete.Parameters.AddWithValue("$id", id);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return received.OrderBy(m => long.Parse(m.MessageId, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    public async Task<bool> DeleteAsync(ReceivedJobMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM job_queue WHERE id = $id AND receipt = $receipt";
        command.Parameters.AddWithValue("$id", long.Parse(message.MessageId, System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$receipt", message.Receipt);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<ReceivedJobMessage?> RenewAsync(ReceivedJobMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(visibilityTimeout, TimeSpan.Zero);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE job_queue SET visible_ms = $visible WHERE id = $id AND receipt = $receipt";
        command.Parameters.AddWithValue("$id", long.Parse(message.MessageId, System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$receipt", message.Receipt);
        command.Parameters.AddWithValue("$visible", (timeProvider.GetUtcNow() + visibilityTimeout).ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? message : null;
    }

    public async Task<bool> ReleaseAsync(ReceivedJobMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE job_queue SET visible_ms = $visible, receipt = NULL WHERE id = $id AND receipt = $receipt";
        command.Parameters.AddWithValue("$id", long.Parse(message.MessageId, System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$receipt", message.Receipt);
        command.Parameters.AddWithValue("$visible", (timeProvider.GetUtcNow() + (delay > TimeSpan.Zero ? delay : TimeSpan.Zero)).ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
