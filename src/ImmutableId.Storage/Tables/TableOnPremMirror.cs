using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ImmutableId.Core.Agents;
using ImmutableId.Storage.Mirror;

namespace ImmutableId.Storage.Tables;

/// <summary>
/// <see cref="IOnPremMirror"/> in Azure Tables: {prefix}Mirror (PartitionKey = the first hex digit of the objectGUID,
/// RowKey = the objectGUID), {prefix}MirrorUpn (the UPN index: PartitionKey = the first hex digit of the lower-case UPN's
/// hash, RowKey = hash|objectGUID; a row whose entry no longer carries that UPN is ignored and removed when read),
/// {prefix}Agents (one row per agent, updated with its ETag). The 16 buckets let a batch's upserts go out as
/// entity-group transactions (at most 100 per partition each) instead of one request per entity. The sequence is
/// claimed first (compare-and-swap), then entries are written, then their index rows: Tables has no transaction across
/// partitions, so a batch that fails half-way is re-sent by the agent under a new sequence (every write is an
/// idempotent upsert).
/// </summary>
internal sealed class TableOnPremMirror(TableServiceClient service, string prefix) : IOnPremMirror
{
    private const string AgentPartition = "agent";
    private const int Parallelism = 16;
    private const int MaxTransactionActions = 100;
    private const int MaxTransactionChars = 2_000_000; // well inside the 4 MiB payload limit of a transaction
    private const char IndexSeparator = '|';
    private TablesCreatedOnce? _created;

    public TableClient Entries { get; } = service.GetTableClient(prefix + "Mirror");

    public TableClient UpnIndex { get; } = service.GetTableClient(prefix + "MirrorUpn");

    public TableClient Agents { get; } = service.GetTableClient(prefix + "Agents");

    public async Task<AgentBatchResult> ApplyBatchAsync(AgentBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        // Claim the sequence: insert, or replace only the row we read (another instance's claim makes ours fail).
        TableEntity agent;
        while (true)
        {
            var existing = await Agents.GetEntityIfExistsAsync<TableEntity>(AgentPartition, batch.AgentId, cancellationToken: cancellationToken).ConfigureAwait(false);
            agent = existing.HasValue ? existing.Value! : new TableEntity(AgentPartition, batch.AgentId) { ["LastSequence"] = 0L };
            var last = agent.GetInt64("LastSequence") ?? 0;
            if (batch.Sequence <= last)
            {
                return AgentBatchResult.NotNewer(last);
            }

            agent["LastSequence"] = batch.Sequence;
            try
            {
                if (existing.HasValue)
                {
                    await Agents.UpdateEntityAsync(agent, agent.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await Agents.AddEntityAsync(agent, cancellationToken).ConfigureAwait(false);
                }

                break;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another request claimed a sequence in between: read again.
            }
        }

        // Last posting of an objectGUID wins (a transaction may touch an entity only once); entries first, then their
        // index rows, so a reader never meets an index row whose entry is not written yet (it would remove it as stale).
        var upserts = batch.Upserts.GroupBy(e => e.User.ObjectGuid).Select(g => g.Last()).ToList();
        await SubmitAsync(Entries, upserts.Select(e => ToEntity(e, batch)), cancellationToken).ConfigureAwait(false);
        await SubmitAsync(UpnIndex, upserts
            .Where(e => e.User.UserPrincipalName is not null)
            .Select(e => IndexEntity(UpnKey(e.User.UserPrincipalName!), e.User.ObjectGuid)), cancellationToken).ConfigureAwait(false);
        var upserted = upserts.Count;

        var deleted = 0;
        foreach (var id in batch.Deletes)
        {
            deleted += await DeleteOwnedAsync(id, batch.AgentId, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        var swept = 0;
        if (batch.FullPassComplete && batch.FullPassStartSequence is { } start)
        {
            var stale = Entries.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"AgentId eq {batch.AgentId} and Sequence lt {start}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
            await foreach (var row in stale.ConfigureAwait(false))
            {
                swept += await DeleteOwnedAsync(Guid.Parse(row.RowKey), batch.AgentId, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }

        agent["LastSyncMs"] = batch.ReceivedAt.ToUnixTimeMilliseconds();
        if (batch.FullPassComplete)
        {
            agent["LastFullMs"] = batch.ReceivedAt.ToUnixTimeMilliseconds();
        }

        agent["Version"] = batch.AgentVersion ?? agent.GetString("Version");
        agent["Dc"] = batch.DomainController ?? agent.GetString("Dc");
        agent["HighWater"] = batch.HighWaterMark ?? agent.GetInt64("HighWater");
        // Only if no newer batch claimed the row meanwhile (its own update then carries the newer time).
        var current = await Agents.GetEntityAsync<TableEntity>(AgentPartition, batch.AgentId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (current.Value.GetInt64("LastSequence") == batch.Sequence)
        {
            try
            {
                await Agents.UpdateEntityAsync(agent, current.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // A newer batch claimed the row in between: its update stands.
            }
        }

        return new AgentBatchResult(true, batch.Sequence, upserted, deleted, swept);
    }

    public async Task<MirrorEntry?> GetAsync(Guid objectGuid, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = await Entries.GetEntityIfExistsAsync<TableEntity>(Bucket(objectGuid), objectGuid.ToString("D"), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task<IReadOnlyList<MirrorEntry>> FindByUserPrincipalNameAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var key = UpnKey(userPrincipalName);
        var partition = IndexPartition(key);
        var found = new List<MirrorEntry>();
        var rows = UpnIndex.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {key + IndexSeparator} and RowKey lt {key + (char)(IndexSeparator + 1)}"),
            select: ["PartitionKey", "RowKey"],
            cancellationToken: cancellationToken);
        await foreach (var index in rows.ConfigureAwait(false))
        {
            var entry = await GetAsync(Guid.Parse(index.RowKey[(key.Length + 1)..]), cancellationToken).ConfigureAwait(false);
            if (entry is not null && string.Equals(entry.User.UserPrincipalName, userPrincipalName, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(entry);
            }
            else
            {
                // The entry was renamed or removed since: the index row is stale.
                await IgnoreMissingAsync(UpnIndex.DeleteEntityAsync(partition, index.RowKey, ETag.All, cancellationToken)).ConfigureAwait(false);
            }
        }

        return found;
    }

    public Task<IReadOnlyList<MirrorEntry>> FindBySamAccountNameAsync(string samAccountName, CancellationToken cancellationToken = default) =>
        ScanAsync(TableClient.CreateQueryFilter($"SamLower eq {samAccountName.ToLowerInvariant()}"), cancellationToken);

    public async Task<IReadOnlyList<MirrorEntry>> FindByMailAsync(string address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var lower = address.ToLowerInvariant();
        var byMail = await ScanAsync(TableClient.CreateQueryFilter($"MailLower eq {lower}"), cancellationToken).ConfigureAwait(false);
        var proxy = "\nsmtp:" + lower + "\n";
        var byProxy = new List<MirrorEntry>();
        await foreach (var entry in EnumerateAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (MirrorEntryJson.ProxyKey(entry.User).Contains(proxy, StringComparison.Ordinal))
            {
                byProxy.Add(entry);
            }
        }

        return byMail.Concat(byProxy).DistinctBy(e => e.User.ObjectGuid).ToArray();
    }

    public async IAsyncEnumerable<MirrorEntry> EnumerateAsync(string? agentId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var rows = agentId is null
            ? Entries.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
            : Entries.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"AgentId eq {agentId}"), cancellationToken: cancellationToken);
        await foreach (var row in rows.ConfigureAwait(false))
        {
            yield return Read(row);
        }
    }

    public async Task<IReadOnlyList<AgentState>> ListAgentsAsync(bool countEntries, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var agents = new List<AgentState>();
        await foreach (var row in Agents.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {AgentPartition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            long? count = countEntries ? 0 : null;
            await foreach (var _ in Entries.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"AgentId eq {row.RowKey}"), select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (!countEntries)
                {
                    break;
                }

                count++;
            }

            agents.Add(new AgentState(
                row.RowKey,
                row.GetInt64("LastSequence") ?? 0,
                row.GetInt64("LastSyncMs") is { } sync ? DateTimeOffset.FromUnixTimeMilliseconds(sync) : null,
                row.GetInt64("LastFullMs") is { } full ? DateTimeOffset.FromUnixTimeMilliseconds(full) : null,
                row.GetString("Version"),
                row.GetString("Dc"),
                row.GetInt64("HighWater"),
                count));
        }

        return agents;
    }

    /// <summary>Creates the three tables once.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref _created, () => new(Entries, UpnIndex, Agents)).EnsureCreatedAsync(cancellationToken);

    private async Task<bool> DeleteOwnedAsync(Guid objectGuid, string agentId, CancellationToken cancellationToken)
    {
        var (partition, row) = (Bucket(objectGuid), objectGuid.ToString("D"));
        var existing = await Entries.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!existing.HasValue || !string.Equals(existing.Value!.GetString("AgentId"), agentId, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            await Entries.DeleteEntityAsync(partition, row, existing.Value.ETag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false; // gone, or re-posted in between (then it stays)
        }
    }

    // Groups the upserts by partition and sends each group as transactions of at most 100 actions (and ~2 MB), in parallel.
    private static async Task SubmitAsync(TableClient table, IEnumerable<TableEntity> entities, CancellationToken cancellationToken)
    {
        var transactions = new List<List<TableTransactionAction>>();
        foreach (var partition in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            List<TableTransactionAction>? current = null;
            var chars = 0;
            foreach (var entity in partition)
            {
                var size = entity.GetString("Entry")?.Length ?? 0;
                if (current is null || current.Count == MaxTransactionActions || chars + size > MaxTransactionChars)
                {
                    current = [];
                    transactions.Add(current);
                    chars = 0;
                }

                current.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
                chars += size;
            }
        }

        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (actions, ct) =>
            await table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static TableEntity ToEntity(MirrorEntry entry, AgentBatch batch)
    {
        var user = entry.User;
        return new TableEntity(Bucket(user.ObjectGuid), user.ObjectGuid.ToString("D"))
        {
            ["Entry"] = MirrorEntryJson.Serialize(user),
            ["UpnLower"] = user.UserPrincipalName?.ToLowerInvariant(),
            ["SamLower"] = user.SamAccountName?.ToLowerInvariant(),
            ["MailLower"] = user.Mail?.ToLowerInvariant(),
            ["Proxies"] = MirrorEntryJson.ProxyKey(user),
            ["AgentId"] = batch.AgentId,
            ["Sequence"] = batch.Sequence,
            ["ObservedMs"] = batch.ReceivedAt.ToUnixTimeMilliseconds(),
            ["Usn"] = entry.UsnChanged,
        };
    }

    private static TableEntity IndexEntity(string upnKey, Guid objectGuid) => new(IndexPartition(upnKey), upnKey + IndexSeparator + objectGuid.ToString("D"));

    // 16 buckets: few enough that a 1000-entry batch fills transactions, many enough to spread the load.
    private static string Bucket(Guid objectGuid) => objectGuid.ToString("N")[..1];

    private static string IndexPartition(string upnKey) => upnKey[..1];

    private async Task<IReadOnlyList<MirrorEntry>> ScanAsync(string filter, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<MirrorEntry>();
        await foreach (var row in Entries.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(Read(row));
        }

        return found;
    }

    private static async Task IgnoreMissingAsync(Task<Response> delete)
    {
        try
        {
            await delete.ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    private static string UpnKey(string upn) => TableStore.HashKey(upn.ToLowerInvariant());

    private static MirrorEntry Read(TableEntity row) => MirrorEntryJson.Deserialize(
        row.GetString("Entry"),
        row.GetInt64("Usn") ?? 0,
        row.GetString("AgentId"),
        DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64("ObservedMs") ?? 0),
        row.GetInt64("Sequence") ?? 0);
}
