using ImmutableId.Core.Housekeeping;

namespace ImmutableId.Storage.Sqlite;

/// <summary>
/// <see cref="IStoreHousekeeping"/> in the SQLite file. Each delete is one statement, so a claim or an acquire running at
/// the same time sees the row either whole or gone: a lease row that ended a day ago is free, and a deleted one is
/// simply inserted again by the next holder (who then needs no re-read: nobody wrote that user within the day).
/// </summary>
internal sealed class SqliteHousekeeping(SqliteDatabase database) : IStoreHousekeeping
{
    public async Task<HousekeepingResult> DeleteExpiredAsync(DateTimeOffset now, DateTimeOffset leasesEndedBefore, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var keys = connection.CreateCommand();
        keys.CommandText = "DELETE FROM idempotency WHERE rowid IN (SELECT rowid FROM idempotency WHERE expires_ms <= $now LIMIT $max)";
        keys.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        keys.Parameters.AddWithValue("$max", max);
        var deletedKeys = await keys.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        using var leases = connection.CreateCommand();
        leases.CommandText = "DELETE FROM user_lease WHERE rowid IN (SELECT rowid FROM user_lease WHERE expires_ms < $before LIMIT $max)";
        leases.Parameters.AddWithValue("$before", leasesEndedBefore.ToUnixTimeMilliseconds());
        leases.Parameters.AddWithValue("$max", max);
        var deletedLeases = await leases.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new HousekeepingResult(deletedKeys, deletedLeases);
    }
}
