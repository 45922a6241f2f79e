using Azure;
using Azure.Data.Tables;
using ImmutableId.Core.Idempotency;
using ImmutableId.Storage.Idempotency;

namespace ImmutableId.Storage.Tables;

/// <summary>
/// <see cref="IIdempotencyStore"/> in Azure Tables: PartitionKey = hash of the caller scope, RowKey = hash of the key.
/// Claims are insert-or-compare-and-swap on the ETag, so two instances never both own a key. An answer is AnswerKind,
/// Body (the payload) and OperationId; entities the previous version completed (StatusCode and ContentType, no
/// AnswerKind) are read through <see cref="PreviousAnswerShape"/>.
/// </summary>
internal sealed class TableIdempotencyStore(TableStore store, TimeProvider timeProvider) : IIdempotencyStore
{
    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var (partition, row) = Keys(key);
        while (true)
        {
            var now = timeProvider.GetUtcNow();
            var claim = new TableEntity(partition, row)
            {
                ["Scope"] = key.Scope,
                ["Key"] = key.Key,
                ["Fingerprint"] = key.Fingerprint,
                ["ClaimedMs"] = now.ToUnixTimeMilliseconds(),
                ["ExpiresMs"] = (now + IdempotencyKey.Retention).ToUnixTimeMilliseconds(),
                ["Completed"] = false,
            };
            var existing = await store.Idempotency.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!existing.HasValue)
                {
                    await store.Idempotency.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
                    return IdempotencyClaim.New;
                }

                var entity = existing.Value!;
                var expired = entity.GetInt64("ExpiresMs") <= now.ToUnixTimeMilliseconds();
                var completed = entity.GetBoolean("Completed") == true;
                var abandoned = !completed && now.ToUnixTimeMilliseconds() - entity.GetInt64("ClaimedMs") >= (long)IdempotencyKey.InProgressTimeout.TotalMilliseconds;
                if (!expired)
                {
                    if (!string.Equals(entity.GetString("Fingerprint"), key.Fingerprint, StringComparison.Ordinal))
                    {
                        return IdempotencyClaim.Mismatch;
                    }

                    if (completed)
                    {
                        return IdempotencyClaim.Replay(entity.GetString("AnswerKind") is { } kind
                            ? new IdempotentAnswer(kind, entity.GetString("Body") ?? string.Empty, entity.GetString("OperationId"))
                            : PreviousAnswerShape.Read(entity.GetString("ContentType"), entity.GetString("Body"), entity.GetString("OperationId")));
                    }

                    if (!abandoned)
                    {
                        return IdempotencyClaim.InProgress;
                    }
                }

                await store.Idempotency.UpdateEntityAsync(claim, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return IdempotencyClaim.New;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another request claimed it in between: read again.
            }
        }
    }

    public async Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(answer);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var (partition, row) = Keys(key);
        var existing = await store.Idempotency.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!existing.HasValue || existing.Value!.GetBoolean("Completed") == true ||
            !string.Equals(existing.Value.GetString("Fingerprint"), key.Fingerprint, StringComparison.Ordinal))
        {
            return;
        }

        var entity = existing.Value;
        entity["Completed"] = true;
        entity["AnswerKind"] = answer.Kind;
        entity["Body"] = answer.Payload;
        entity["OperationId"] = answer.OperationId;
        entity["ExpiresMs"] = (timeProvider.GetUtcNow() + IdempotencyKey.Retention).ToUnixTimeMilliseconds();
        try
        {
            await store.Idempotency.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Our claim was taken over as abandoned: the new owner's answer stands.
        }
    }

    public async Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var (partition, row) = Keys(key);
        var existing = await store.Idempotency.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!existing.HasValue || existing.Value!.GetBoolean("Completed") == true ||
            !string.Equals(existing.Value.GetString("Fingerprint"), key.Fingerprint, StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            await store.Idempotency.DeleteEntityAsync(partition, row, existing.Value.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Already gone or taken over.
        }
    }

    private static (string Partition, string Row) Keys(IdempotencyKey key) => (TableStore.HashKey(key.Scope), TableStore.HashKey(key.Key));
}
