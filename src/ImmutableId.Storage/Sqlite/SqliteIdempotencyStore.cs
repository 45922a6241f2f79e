using ImmutableId.Core.Idempotency;
using ImmutableId.Storage.Idempotency;
using Microsoft.Data.Sqlite;

namespace ImmutableId.Storage.Sqlite;

/// <summary>
/// <see cref="IIdempotencyStore"/> in the SQLite file; a claim is one IMMEDIATE transaction. An answer is its kind
/// (answer_kind), payload (body) and operation id; rows the previous version completed (status_code and content_type,
/// no answer_kind) are read through <see cref="PreviousAnswerShape"/>.
/// </summary>
internal sealed class SqliteIdempotencyStore(SqliteDatabase database, TimeProvider timeProvider) : IIdempotencyStore
{
    /// <summary>Runs in every claim: index idempotency_expiry makes it cost the expired rows, not the stored keys.</summary>
    internal const string PurgeSql = "DELETE FROM idempotency WHERE expires_ms <= $now";

    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = timeProvider.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        using (var purge = connection.CreateCommand())
        {
            purge.Transaction = transaction;
            purge.CommandText = PurgeSql;
            purge.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            await purge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT fingerprint, claimed_ms, completed, answer_kind, content_type, body, operation_id FROM idempotency WHERE scope = $scope AND key = $key";
            select.Parameters.AddWithValue("$scope", key.Scope);
            select.Parameters.AddWithValue("$key", key.Key);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var fingerprint = reader.GetString(0);
                var claimedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
                var completed = reader.GetInt64(2) == 1;
                if (!string.Equals(fingerprint, key.Fingerprint, StringComparison.Ordinal))
                {
                    return IdempotencyClaim.Mismatch;
                }

                if (completed)
                {
                    var body = reader.IsDBNull(5) ? null : reader.GetString(5);
                    var operationId = reader.IsDBNull(6) ? null : reader.GetString(6);
                    return IdempotencyClaim.Replay(reader.IsDBNull(3)
                        ? PreviousAnswerShape.Read(reader.IsDBNull(4) ? null : reader.GetString(4), body, operationId)
                        : new IdempotentAnswer(reader.GetString(3), body ?? string.Empty, operationId));
                }

                if (now - claimedAt < IdempotencyKey.InProgressTimeout)
                {
                    return IdempotencyClaim.InProgress;
                }

                // Abandoned: the claimant died without completing or releasing. Claim it anew below.
            }
        }

        using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO idempotency (scope, key, fingerprint, claimed_ms, expires_ms, completed)
                VALUES ($scope, $key, $fingerprint, $now, $expires, 0)
                ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, claimed_ms = excluded.claimed_ms,
                    expires_ms = excluded.expires_ms, completed = 0, status_code = NULL, content_type = NULL, body = NULL, operation_id = NULL, answer_kind = NULL
                """;
            upsert.Parameters.AddWithValue("$scope", key.Scope);
            upsert.Parameters.AddWithValue("$key", key.Key);
            upsert.Parameters.AddWithValue("$fingerprint", key.Fingerprint);
            upsert.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            upsert.Parameters.AddWithValue("$expires", (now + IdempotencyKey.Retention).ToUnixTimeMilliseconds());
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return IdempotencyClaim.New;
    }

    public async Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(answer);
        var now = timeProvider.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE idempotency SET completed = 1, answer_kind = $kind, body = $body, operation_id = $operationId, expires_ms = $expires
            WHERE scope = $scope AND key = $key AND fingerprint = $fingerprint AND completed = 0
            """;
        command.Parameters.AddWithValue("$kind", answer.Kind);
        command.Parameters.AddWithValue("$body", answer.Payload);
        command.Parameters.AddWithValue("$operationId", (object?)answer.OperationId ?? DBNull.Value);
        command.Parameters.AddWithValue("$expires", (now + IdempotencyKey.Retention).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$scope", key.Scope);
        command.Parameters.AddWithValue("$key", key.Key);
        command.Parameters.AddWithValue("$fingerprint", key.Fingerprint);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM idempotency WHERE scope = $scope AND key = $key AND fingerprint = $fingerprint AND completed = 0";
        command.Parameters.AddWithValue("$scope", key.Scope);
        command.Parameters.AddWithValue("$key", key.Key);
        command.Parameters.AddWithValue("$fingerprint", key.Fingerprint);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
