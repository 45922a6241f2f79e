using Azure;
using Azure.Data.Tables;
using ImmutableId.Core.Housekeeping;

namespace ImmutableId.Storage.Tables;

/// <summary>
/// <see cref="IStoreHousekeeping"/> in Azure Tables, which keeps rows until someone deletes them (no TTL): a query per
/// table for what is past its time, then each entity deleted on the ETag it was read with, so a claim or an acquire that
/// changed it in between wins and the entity stays.
/// </summary>
internal sealed class TableHousekeeping(TableStore store) : IStoreHousekeeping
{
    private static readonly string[] KeysOnly = ["PartitionKey", "RowKey"];

    public async Task<HousekeepingResult> DeleteExpiredAsync(DateTimeOffset now, DateTimeOffset leasesEndedBefore, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var keys = await DeleteAsync(store.Idempotency, TableClient.CreateQueryFilter($"ExpiresMs le {now.ToUnixTimeMilliseconds()}"), max, cancellationToken).ConfigureAwait(false);
        var leases = await DeleteAsync(store.Leases, TableClient.CreateQueryFilter($"PartitionKey eq {"lease"} and ExpiresMs lt {leasesEndedBefore.ToUnixTimeMilliseconds()}"), max, cancellationToken).ConfigureAwait(false);
        return new HousekeepingResult(keys, leases);
    }

    private static async Task<int> DeleteAsync(TableClient table, string filter, int max, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), select: KeysOnly, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (deleted >= max)
            {
                break;
            }

            try
            {
                await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, entity.ETag, cancellationToken).ConfigureAwait(false);
                deleted++;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Taken again (or deleted by another instance's run) since the query read it: it stays as it is now.
            }
        }

        return deleted;
    }
}
