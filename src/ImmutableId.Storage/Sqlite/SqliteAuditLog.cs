using System.Text;
using ImmutableId.Core.Audit;
using Microsoft.Data.Sqlite;

namespace ImmutableId.Storage.Sqlite;

/// <summary><see cref="IAuditLog"/> in the SQLite file: one row per record, the record itself as JSON.</summary>
internal sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog, IAuditRetentionStore
{
    private const int SqliteConstraint = 19;

    /// <summary>Retention: index audit_pending (outcome, time_ms) finds exactly the rows due.</summary>
    internal const string DeleteBeforeSql = "DELETE FROM audit WHERE rowid IN (SELECT rowid FROM audit WHERE outcome = $outcome AND time_ms < $before LIMIT $max)";

    public async Task WriteIntentAsync(AuditRecord intent, CancellationToken cancellationToken = default)
    {
        AuditKeys.ValidateForWrite(intent, intent: true);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await InsertAsync(connection, intent, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            throw new InvalidOperationException($"An audit record with id {intent.OperationId} already exists.", ex);
        }
    }

    public async Task<bool> WriteOutcomeAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        AuditKeys.ValidateForWrite(record, intent: false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using (var update = connection.CreateCommand())
        {
            update.CommandText = """
                UPDATE audit SET time_ms = $time, upn = $upn, ticket = $ticket, outcome = $outcome, record = $record
                WHERE operation_id = $id AND outcome = 'Pending'
                """;
            Bind(update, record);
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return true;
            }
        }

        try
        {
            await InsertAsync(connection, record, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            // The record exists and is no longer pending: outcomes are written once.
            return false;
        }
    }

    public async Task<bool> RecordProvisioningAsync(Guid operationId, AuditProvisioning provisioning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provisioning);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            string? json;
            using (var select = connection.CreateCommand())
            {
                select.CommandText = "SELECT record FROM audit WHERE operation_id = $id";
                select.Parameters.AddWithValue("$id", operationId.ToString("D"));
                json = await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            }

            if (json is null || !AuditKeys.AcceptsProvisioning(AuditRecordJson.Deserialize(json)))
            {
                return false;
            }

            // Compare-and-swap on the whole record: a concurrent change (reconciliation) makes this read and decide again.
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE audit SET record = $record WHERE operation_id = $id AND record = $old";
            update.Parameters.AddWithValue("$id", operationId.ToString("D"));
            update.Parameters.AddWithValue("$old", json);
            update.Parameters.AddWithValue("$record", AuditRecordJson.Serialize(AuditRecordJson.Deserialize(json) with { Provisioning = provisioning }));
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return true;
            }
        }
    }

    public async Task<AuditRecord?> GetAsync(Guid operationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM audit WHERE operation_id = $id";
        command.Parameters.AddWithValue("$id", operationId.ToString("D"));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? AuditRecordJson.Deserialize(json)
            : null;
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        AuditKeys.Validate(query);
        var after = query.ContinuationToken is null ? null : AuditKeys.FromToken(query.ContinuationToken);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        PrepareQuery(command, query, after);

        var records = new List<AuditRecord>(query.PageSize);
        string? lastKey = null;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (records.Count == query.PageSize)
            {
                more = true;
                break;
            }

            lastKey = reader.GetString(0);
            records.Add(AuditRecordJson.Deserialize(reader.GetString(1)));
        }

        return new AuditPage(records, more ? AuditKeys.ToToken(lastKey!) : null);
    }

    public async Task<IReadOnlyList<AuditRecord>> ListPendingAsync(DateTimeOffset startedBefore, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM audit WHERE outcome = 'Pending' AND time_ms <= $before ORDER BY time_ms, sort_key DESC LIMIT $max";
        command.Parameters.AddWithValue("$before", startedBefore.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", max);
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(AuditRecordJson.Deserialize(reader.GetString(0)));
        }

        return records;
    }

    public async Task<int> DeleteBeforeAsync(AuditOutcome outcome, DateTimeOffset startedBefore, int max, CancellationToken cancellationToken = default)
    {
        AuditKeys.ValidateForDelete(outcome, max);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();

        // Index audit_pending (outcome, time_ms) finds exactly the rows due; LIMIT keeps each transaction short.
        command.CommandText = DeleteBeforeSql;
        command.Parameters.AddWithValue("$outcome", outcome.ToString());
        command.Parameters.AddWithValue("$before", startedBefore.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", max);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The page query: each filter seeks an index (upn or ticket with sort_key; a <c>to</c> bound starts the sort_key
    /// index at <c>to</c> instead of walking down from the newest record), checked by SqliteQueryPlanTests.
    /// </summary>
    internal static void PrepareQuery(SqliteCommand command, AuditQuery query, string? after)
    {
        var sql = new StringBuilder("SELECT sort_key, record FROM audit WHERE 1 = 1");
        if (query.UserPrincipalName is not null)
        {
            sql.Append(" AND upn = $upn");
            command.Parameters.AddWithValue("$upn", AuditKeys.UpnKey(query.UserPrincipalName));
        }

        if (query.Ticket is not null)
        {
            sql.Append(" AND ticket = $ticket");
            command.Parameters.AddWithValue("$ticket", query.Ticket);
        }

        if (query.From is { } from)
        {
            sql.Append(" AND time_ms >= $from");
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        }

        if (query.To is { } to)
        {
            // The key bound lets the sort_key index start at `to` instead of walking down from the newest record.
            sql.Append(" AND time_ms < $to AND sort_key >= $toKey");
            command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$toKey", AuditKeys.SortKeyFloor(to));
        }

        if (after is not null)
        {
            sql.Append(" AND sort_key > $after");
            command.Parameters.AddWithValue("$after", after);
        }

        sql.Append(" ORDER BY sort_key LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);
        command.CommandText = sql.ToString();
    }

    private static async Task InsertAsync(SqliteConnection connection, AuditRecord record, CancellationToken cancellationToken)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO audit (operation_id, sort_key, time_ms, upn, ticket, outcome, record)
            VALUES ($id, $sort, $time, $upn, $ticket, $outcome, $record)
            """;
        Bind(insert, record);
        insert.Parameters.AddWithValue("$sort", AuditKeys.SortKey(record.OperationId));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Bind(SqliteCommand command, AuditRecord record)
    {
        command.Parameters.AddWithValue("$id", record.OperationId.ToString("D"));
        command.Parameters.AddWithValue("$time", record.Time.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$upn", (object?)AuditKeys.UpnKey(record.Target.UserPrincipalName) ?? DBNull.Value);
        command.Parameters.AddWithValue("$ticket", (object?)record.Ticket ?? DBNull.Value);
        command.Parameters.AddWithValue("$outcome", record.Outcome.ToString());
        command.Parameters.AddWithValue("$record", AuditRecordJson.Serialize(record));
    }
}
