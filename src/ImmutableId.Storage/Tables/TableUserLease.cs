using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using ImmutableId.Core.Leases;

namespace ImmutableId.Storage.Tables;

/// <summary>
/// <see cref="IUserLease"/> in Azure Tables: one entity per user (PartitionKey "lease", RowKey = hash of the user);
/// insert takes a new lease, an ETag-conditioned replace takes a released or expired one. A released lease keeps its
/// entity (free, with the release time) so the next holder learns when the previous one ended.
/// </summary>
internal sealed class TableUserLease(TableStore store, TimeProvider timeProvider) : IUserLease
{
    private const string Partition = "lease";

    /// <summary>How far the clocks of two instances sharing the table may disagree (Azure keeps them NTP-synchronised well within it).</summary>
    internal static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromSeconds(2);

    public async Task<UserLeaseHandle?> TryAcquireAsync(string user, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var key = UserLeaseExtensions.NormalizeUser(user);
        var now = timeProvider.GetUtcNow();
        var handle = new UserLeaseHandle(key, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), now + duration);
        var entity = new TableEntity(Partition, TableStore.HashKey(key))
        {
            ["User"] = key,
            ["Owner"] = handle.Owner,
            ["ExpiresMs"] = handle.ExpiresAt.ToUnixTimeMilliseconds(),
        };
        var existing = await store.Leases.GetEntityIfExistsAsync<TableEntity>(Partition, entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            if (!existing.HasValue)
            {
                await store.Leases.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                return handle;
            }

            var until = existing.Value!.GetInt64("ExpiresMs") ?? 0;
            if (until > now.ToUnixTimeMilliseconds())
            {
                return null;
            }

            await store.Leases.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            // The release was stamped by another instance's clock: report it as ending a little later than stamped, so a
            // writer whose read came just after it by its own clock still reads the user again (UserLeaseHandle).
            return handle with { PreviousHolderUntil = DateTimeOffset.FromUnixTimeMilliseconds(until) + ClockSkewAllowance };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Someone else took it in between.
            return null;
        }
    }

    public async Task<UserLeaseHandle?> RenewAsync(UserLeaseHandle lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var row = TableStore.HashKey(lease.User);
        var existing = await store.Leases.GetEntityIfExistsAsync<TableEntity>(Partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!existing.HasValue || existing.Value!.GetString("Owner") != lease.Owner || existing.Value.GetInt64("ExpiresMs") <= now.ToUnixTimeMilliseconds())
        {
            return null;
        }

        var renewed = lease with { ExpiresAt = now + duration };
        existing.Value["ExpiresMs"] = renewed.ExpiresAt.ToUnixTimeMilliseconds();
        try
        {
            await store.Leases.UpdateEntityAsync(existing.Value, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return renewed;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task ReleaseAsync(UserLeaseHandle lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = TableStore.HashKey(lease.User);
        var existing = await store.Leases.GetEntityIfExistsAsync<TableEntity>(Partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!existing.HasValue || existing.Value!.GetString("Owner") != lease.Owner)
        {
            return;
        }

        // The entity stays, free, with the time it was given back: the next holder learns when this one ended.
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        existing.Value["Owner"] = string.Empty;
        existing.Value["ExpiresMs"] = Math.Min(existing.Value.GetInt64("ExpiresMs") ?? now, now);
        try
        {
            await store.Leases.UpdateEntityAsync(existing.Value, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
        }
    }
}
