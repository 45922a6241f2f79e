using Azure;
using Azure.Data.Tables;
using ImmutableId.Core.Audit;

namespace ImmutableId.Storage.Tables;

/// <summary>
/// <see cref="IAuditLog"/> in Azure Tables. PartitionKey = inverted day, RowKey = inverted millisecond + id (both
/// from the version-7 operation id), so a point read finds a record by id and a scan returns newest first.
/// The record is kept whole as JSON; UPN, ticket, time and outcome are columns for filtering.
/// </summary>
internal sealed class TableAuditLog(TableStore store) : IAuditLog, IAuditRetentionStore
{
    private const string RecordColumn = "Record";

    public async Task WriteIntentAsync(AuditRecord intent, CancellationToken cancellationToken = default)
    {
        AuditKeys.ValidateForWrite(intent, intent: true);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await store.Audit.AddEntityAsync(ToEntity(intent), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new InvalidOperationException($"An audit record with id {intent.OperationId} already exists.", ex);
        }
    }

    public async Task<bool> WriteOutcomeAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        AuditKeys.ValidateForWrite(record, intent: false);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var entity = ToEntity(record);
        while (true)
        {
            var existing = await store.Audit.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!existing.HasValue)
                {
                    await store.Audit.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                    return true;
                }

                if (existing.Value!.GetString(nameof(AuditRecord.Outcome)) != nameof(AuditOutcome.Pending))
                {
                    return false;
                }

                // The ETag makes this a compare-and-swap: a concurrent outcome (e.g. reconciliation) wins or loses whole.
                await store.Audit.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Someone wrote in between: read again and decide again.
            }
        }
    }

    public async Task<bool> RecordProvisioningAsync(Guid operationId, AuditProvisioning provisioning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provisioning);
        if (AuditRecord.TimeOf(operationId) is null)
        {
            return false;
        }

        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var existing = await store.Audit.GetEntityIfExistsAsync<TableEntity>(AuditKeys.DayKey(operationId), AuditKeys.SortKey(operationId), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue)
            {
                return false;
            }

            var record = AuditRecordJson.Deserialize(existing.Value!.GetString(RecordColumn));
            if (!AuditKeys.AcceptsProvisioning(record))
            {
                return false;
            }

            try
            {
                // The ETag makes this a compare-and-swap, as for the outcome.
                await store.Audit.UpdateEntityAsync(ToEntity(record with { Provisioning = provisioning }), existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Someone wrote in between: read again and decide again.
            }
        }
    }

    public async Task<AuditRecord?> GetAsync(Guid operationId, CancellationToken cancellationToken = default)
    {
        if (AuditRecord.TimeOf(operationId) is null)
        {
            return null;
        }

        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await store.Audit.GetEntityIfExistsAsync<TableEntity>(
            AuditKeys.DayKey(operationId), AuditKeys.SortKey(operationId), [RecordColumn], cancellationToken).ConfigureAwait(false);
        return response.HasValue ? AuditRecordJson.Deserialize(response.Value!.GetString(RecordColumn)) : null;
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        AuditKeys.Validate(query);
        var after = query.ContinuationToken is null ? null : AuditKeys.FromToken(query.ContinuationToken);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        var filters = new List<string>();
        if (query.UserPrincipalName is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Upn eq {AuditKeys.UpnKey(query.UserPrincipalName)}"));
        }

        if (query.Ticket is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Ticket eq {query.Ticket}"));
        }

        if (query.From is { } from)
        {
            filters.Add(TableClient.CreateQueryFilter($"TimeMs ge {from.ToUnixTimeMilliseconds()}"));
        }

        if (query.To is { } to)
        {
            // The key bound starts the scan at `to` instead of at the newest record.
            filters.Add(TableClient.CreateQueryFilter($"PartitionKey ge {AuditKeys.DayKeyFloor(to)} and TimeMs lt {to.ToUnixTimeMilliseconds()}"));
        }

        if (after is not null)
        {
            // Keyset paging: strictly after the last record of the previous page, in (PartitionKey, RowKey) order.
            var day = AuditKeys.DayKey(AuditKeys.OperationIdOf(after));
            filters.Add(TableClient.CreateQueryFilter($"(PartitionKey gt {day}) or (PartitionKey eq {day} and RowKey gt {after})"));
        }

        var filter = filters.Count == 0 ? null : string.Join(" and ", filters.Select(f => "(" + f + ")"));
        var records = new List<AuditRecord>(query.PageSize);
        string? lastKey = null;
        var more = false;
        await foreach (var entity in store.Audit.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, query.PageSize + 1), select: ["RowKey", RecordColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (records.Count == query.PageSize)
            {
                more = true;
                break;
            }

            lastKey = entity.RowKey;
            records.Add(AuditRecordJson.Deserialize(entity.GetString(RecordColumn)));
        }

        return new AuditPage(records, more ? AuditKeys.ToToken(lastKey!) : null);
    }

    public async Task<IReadOnlyList<AuditRecord>> ListPendingAsync(DateTimeOffset startedBefore, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"Outcome eq {nameof(AuditOutcome.Pending)} and TimeMs le {startedBefore.ToUnixTimeMilliseconds()}");
        var records = new List<AuditRecord>();
        await foreach (var entity in store.Audit.QueryAsync<TableEntity>(filter, select: [RecordColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(AuditRecordJson.Deserialize(entity.GetString(RecordColumn)));
        }

        // Pending intents are rare (a crash between intent and outcome); sorting them here is cheap.
        return records.OrderBy(r => r.Time).ThenBy(r => r.OperationId).Take(max).ToList();
    }

    public async Task<int> DeleteBeforeAsync(AuditOutcome outcome, DateTimeOffset startedBefore, int max, CancellationToken cancellationToken = default)
    {
        AuditKeys.ValidateForDelete(outcome, max);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {AuditKeys.DayKeyFloor(startedBefore)} and Outcome eq {outcome.ToString()} and TimeMs lt {startedBefore.ToUnixTimeMilliseconds()}");
        var due = new List<TableEntity>();
        await foreach (var entity in store.Audit.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, max), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(entity);
            if (due.Count == max)
            {
                break;
            }
        }

        // One transaction per partition (a day), at most 100 deletes each.
        foreach (var batch in due.GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(100)))
        {
            await store.Audit.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken).ConfigureAwait(false);
        }

        return due.Count;
    }

    private static TableEntity ToEntity(AuditRecord record) => new(AuditKeys.DayKey(record.OperationId), AuditKeys.SortKey(record.OperationId))
    {
        ["OperationId"] = record.OperationId.ToString("D"),
        ["TimeMs"] = record.Time.ToUnixTimeMilliseconds(),
        ["Upn"] = AuditKeys.UpnKey(record.Target.UserPrincipalName),
        ["Ticket"] = record.Ticket,
        [nameof(AuditRecord.Outcome)] = record.Outcome.ToString(),
        [RecordColumn] = AuditRecordJson.Serialize(record),
    };
}
