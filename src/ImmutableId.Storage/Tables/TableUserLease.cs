using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using ImmutableId.Core.Leases;

namespace ImmutableId.Storage.Tables;

/// <summary>
/// <see cref="IUserLease"/> in Azure Tables: one entity per held lease (PartitionKey "lease", RowKey = hash of the
/// user); insert takes a free lease, an ETag-conditioned replace takes an expired one.
/// </summary>
internal sealed class TableUserLease(TableStore store, TimeProvider timeProvider) : IUserLease
{
    private const string Partition = "lease";

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
        try
        {
            await store.Leases.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return handle;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
        }

        var existing = await store.Leases.GetEntityIfExistsAsync<TableEntity>(Partition, entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            if (!existing.HasValue)
            {
                await store.Leases.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                return handle;
            }

            if (existing.Value!.GetInt64("ExpiresMs") > now.ToUnixTimeMilliseconds())
            {
                return null;
            }

            await store.Leases.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return handle;
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

        try
        {
            await store.Leases.DeleteEntityAsync(Partition, row, existing.Value.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
        }
    }
}
