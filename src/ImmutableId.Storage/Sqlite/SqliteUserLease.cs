using System.Security.Cryptography;
using ImmutableId.Core.Leases;

namespace ImmutableId.Storage.Sqlite;

/// <summary>
/// <see cref="IUserLease"/> in the SQLite file: one conditional upsert takes a free or expired lease; a released lease
/// keeps its row (free, with the release time) so the next holder learns when the previous one ended.
/// </summary>
internal sealed class SqliteUserLease(SqliteDatabase database, TimeProvider timeProvider) : IUserLease
{
    public async Task<UserLeaseHandle?> TryAcquireAsync(string user, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var key = UserLeaseExtensions.NormalizeUser(user);
        var now = timeProvider.GetUtcNow();
        var handle = new UserLeaseHandle(key, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), now + duration);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction();   // BEGIN IMMEDIATE: the read and the take are one step
        DateTimeOffset? previous = null;
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT expires_ms FROM user_lease WHERE user = $user";
            read.Parameters.AddWithValue("$user", key);
            if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long until)
            {
                previous = DateTimeOffset.FromUnixTimeMilliseconds(until);
            }
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO user_lease (user, owner, expires_ms) VALUES ($user, $owner, $expires)
            ON CONFLICT (user) DO UPDATE SET owner = excluded.owner, expires_ms = excluded.expires_ms
            WHERE user_lease.expires_ms <= $now
            """;
        command.Parameters.AddWithValue("$user", key);
        command.Parameters.AddWithValue("$owner", handle.Owner);
        command.Parameters.AddWithValue("$expires", handle.ExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        var taken = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return taken ? handle with { PreviousHolderUntil = previous } : null;
    }

    public async Task<UserLeaseHandle?> RenewAsync(UserLeaseHandle lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var now = timeProvider.GetUtcNow();
        var renewed = lease with { ExpiresAt = now + duration };
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE user_lease SET expires_ms = $expires WHERE user = $user AND owner = $owner AND expires_ms > $now";
        command.Parameters.AddWithValue("$user", lease.User);
        command.Parameters.AddWithValue("$owner", lease.Owner);
        command.Parameters.AddWithValue("$expires", renewed.ExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? renewed : null;
    }

    public async Task ReleaseAsync(UserLeaseHandle lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        // The row stays, free, with the time it was given back: the next holder learns when this one ended.
        command.CommandText = "UPDATE user_lease SET owner = '', expires_ms = MIN(expires_ms, $now) WHERE user = $user AND owner = $owner";
        command.Parameters.AddWithValue("$user", lease.User);
        command.Parameters.AddWithValue("$owner", lease.Owner);
        command.Parameters.AddWithValue("$now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
