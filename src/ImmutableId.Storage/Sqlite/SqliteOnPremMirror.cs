using System.Runtime.CompilerServices;
using ImmutableId.Core.Agents;
using ImmutableId.Storage.Mirror;
using Microsoft.Data.Sqlite;

namespace ImmutableId.Storage.Sqlite;

/// <summary><see cref="IOnPremMirror"/> in the SQLite file: a batch is one IMMEDIATE transaction (all or nothing).</summary>
internal sealed class SqliteOnPremMirror(SqliteDatabase database) : IOnPremMirror
{
    private const string Columns = "entry, usn, agent_id, observed_ms, sequence";

    public async Task<AgentBatchResult> ApplyBatchAsync(AgentBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        long last = 0;
        using (var select = Command(connection, transaction, "SELECT last_sequence FROM mirror_agent WHERE agent_id = $agent"))
        {
            select.Parameters.AddWithValue("$agent", batch.AgentId);
            if (await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long value)
            {
                last = value;
            }
        }

        if (batch.Sequence <= last)
        {
            return AgentBatchResult.NotNewer(last);
        }

        var upserted = 0;
        using (var upsert = Command(connection, transaction, """
            INSERT INTO mirror (object_guid, upn, sam, mail, proxies, agent_id, sequence, observed_ms, usn, entry)
            VALUES ($guid, $upn, $sam, $mail, $proxies, $agent, $sequence, $observed, $usn, $entry)
            ON CONFLICT (object_guid) DO UPDATE SET upn = excluded.upn, sam = excluded.sam, mail = excluded.mail,
                proxies = excluded.proxies, agent_id = excluded.agent_id, sequence = excluded.sequence,
                observed_ms = excluded.observed_ms, usn = excluded.usn, entry = excluded.entry
            """))
        {
            var guid = upsert.Parameters.Add("$guid", SqliteType.Text);
            var upn = upsert.Parameters.Add("$upn", SqliteType.Text);
            var sam = upsert.Parameters.Add("$sam", SqliteType.Text);
            var mail = upsert.Parameters.Add("$mail", SqliteType.Text);
            var proxies = upsert.Parameters.Add("$proxies", SqliteType.Text);
            var usn = upsert.Parameters.Add("$usn", SqliteType.Integer);
            var entryJson = upsert.Parameters.Add("$entry", SqliteType.Text);
            upsert.Parameters.AddWithValue("$agent", batch.AgentId);
            upsert.Parameters.AddWithValue("$sequence", batch.Sequence);
            upsert.Parameters.AddWithValue("$observed", batch.ReceivedAt.ToUnixTimeMilliseconds());
            foreach (var entry in batch.Upserts)
            {
                var user = entry.User;
                guid.Value = user.ObjectGuid.ToString("D");
                upn.Value = (object?)user.UserPrincipalName ?? DBNull.Value;
                sam.Value = (object?)user.SamAccountName ?? DBNull.Value;
                mail.Value = (object?)user.Mail ?? DBNull.Value;
                proxies.Value = MirrorEntryJson.ProxyKey(user);
                usn.Value = entry.UsnChanged;
                entryJson.Value = MirrorEntryJson.Serialize(user);
                upserted += await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var deleted = 0;
        using (var delete = Command(connection, transaction, "DELETE FROM mirror WHERE object_guid = $guid AND agent_id = $agent"))
        {
            var guid = delete.Parameters.Add("$guid", SqliteType.Text);
            delete.Parameters.AddWithValue("$agent", batch.AgentId);
            foreach (var id in batch.Deletes)
            {
                guid.Value = id.ToString("D");
                deleted += await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var swept = 0;
        if (batch.FullPassComplete && batch.FullPassStartSequence is { } start)
        {
            using var sweep = Command(connection, transaction, "DELETE FROM mirror WHERE agent_id = $agent AND sequence < $start");
            sweep.Parameters.AddWithValue("$agent", batch.AgentId);
            sweep.Parameters.AddWithValue("$start", start);
            swept = await sweep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var state = Command(connection, transaction, """
            INSERT INTO mirror_agent (agent_id, last_sequence, last_sync_ms, last_full_ms, version, dc, high_water)
            VALUES ($agent, $sequence, $now, $full, $version, $dc, $high)
            ON CONFLICT (agent_id) DO UPDATE SET last_sequence = excluded.last_sequence, last_sync_ms = excluded.last_sync_ms,
                last_full_ms = COALESCE(excluded.last_full_ms, mirror_agent.last_full_ms),
                version = COALESCE(excluded.version, mirror_agent.version), dc = COALESCE(excluded.dc, mirror_agent.dc),
                high_water = COALESCE(excluded.high_water, mirror_agent.high_water)
            """))
        {
            state.Parameters.AddWithValue("$agent", batch.AgentId);
            state.Parameters.AddWithValue("$sequence", batch.Sequence);
            state.Parameters.AddWithValue("$now", batch.ReceivedAt.ToUnixTimeMilliseconds());
            state.Parameters.AddWithValue("$full", batch.FullPassComplete ? batch.ReceivedAt.ToUnixTimeMilliseconds() : DBNull.Value);
            state.Parameters.AddWithValue("$version", (object?)batch.AgentVersion ?? DBNull.Value);
            state.Parameters.AddWithValue("$dc", (object?)batch.DomainController ?? DBNull.Value);
            state.Parameters.AddWithValue("$high", (object?)batch.HighWaterMark ?? DBNull.Value);
            await state.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AgentBatchResult(true, batch.Sequence, upserted, deleted, swept);
    }

    public async Task<MirrorEntry?> GetAsync(Guid objectGuid, CancellationToken cancellationToken = default)
    {
        var entries = await QueryAsync("object_guid = $value", objectGuid.ToString("D"), cancellationToken).ConfigureAwait(false);
        return entries.Count == 0 ? null : entries[0];
    }

    public Task<IReadOnlyList<MirrorEntry>> FindByUserPrincipalNameAsync(string userPrincipalName, CancellationToken cancellationToken = default) =>
        QueryAsync("upn = $value", userPrincipalName, cancellationToken);

    public Task<IReadOnlyList<MirrorEntry>> FindBySamAccountNameAsync(string samAccountName, CancellationToken cancellationToken = default) =>
        QueryAsync("sam = $value", samAccountName, cancellationToken);

    public async Task<IReadOnlyList<MirrorEntry>> FindByMailAsync(string address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var byMail = await QueryAsync("mail = $value", address, cancellationToken).ConfigureAwait(false);
        var byProxy = await QueryAsync("instr(proxies, $value) > 0", "\nsmtp:" + address.ToLowerInvariant() + "\n", cancellationToken).ConfigureAwait(false);
        return byMail.Concat(byProxy).DistinctBy(e => e.User.ObjectGuid).ToArray();
    }

    public async IAsyncEnumerable<MirrorEntry> EnumerateAsync(string? agentId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = agentId is null
            ? $"SELECT {Columns} FROM mirror ORDER BY object_guid"
            : $"SELECT {Columns} FROM mirror WHERE agent_id = $agent ORDER BY object_guid";
        if (agentId is not null)
        {
            command.Parameters.AddWithValue("$agent", agentId);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    public async Task<IReadOnlyList<AgentState>> ListAgentsAsync(bool countEntries, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT a.agent_id, a.last_sequence, a.last_sync_ms, a.last_full_ms, a.version, a.dc, a.high_water,
                   {(countEntries ? "(SELECT COUNT(*) FROM mirror m WHERE m.agent_id = a.agent_id)" : "NULL")}
            FROM mirror_agent a ORDER BY a.agent_id
            """;
        var agents = new List<AgentState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            agents.Add(new AgentState(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6),
                reader.IsDBNull(7) ? null : reader.GetInt64(7)));
        }

        return agents;
    }

    private async Task<IReadOnlyList<MirrorEntry>> QueryAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM mirror WHERE {where}";
        command.Parameters.AddWithValue("$value", value);
        var entries = new List<MirrorEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    private static MirrorEntry Read(SqliteDataReader reader) => MirrorEntryJson.Deserialize(
        reader.GetString(0), reader.GetInt64(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetInt64(4));

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }
}
