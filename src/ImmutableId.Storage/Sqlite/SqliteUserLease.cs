using System.Security.Cryptography;
using ImmutableId.Core.Leases;

namespace ImmutableId.Storage.Sqlite;

/// <summary><see cref="IUserLease"/> in the SQLite file: one conditional upsert takes a free or expired lease.</summary>
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
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO user_lease (user, owner, expires_ms) VALUES ($user, $owner, $expires)
            ON CONFLICT (user) DO UPDATE SET owner = excluded.owner, expires_ms = excluded.expires_ms
            WHERE user_lease.expires_ms <= $now
            """;
        command.Parameters.AddWithValue("$user", key);
        command.Parameters.AddWithValue("$owner", handle.Owner);
        command.Parameters.AddWithValue("$expires", handle.ExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? handle : null;
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
        command.CommandText = "DELETE FROM user_lease WHERE user = $user AND owner = $owner";
        command.Parameters.AddWithValue("$user", lease.User);
        command.Parameters.AddWithValue("$owner", lease.Owner);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
