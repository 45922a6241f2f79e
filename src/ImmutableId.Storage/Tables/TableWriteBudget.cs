using Azure;
using Azure.Data.Tables;
using ImmutableId.Core.Jobs;
using ImmutableId.Storage.Jobs;

namespace ImmutableId.Storage.Tables;

/// <summary>
/// <see cref="IWriteBudget"/> in Azure Tables: one entity in {prefix}Jobs, changed under its ETag (a lost race reads
/// again), so every instance of the app draws from one bucket and sees one 429 pause.
/// </summary>
internal sealed class TableWriteBudget(JobTables tables, JobOptions options, TimeProvider timeProvider) : IWriteBudget
{
    private const string Partition = "budget";
    private const string Row = "graph-writes";

    public async Task<TimeSpan> TryTakeAsync(WritePriority priority, CancellationToken cancellationToken = default)
    {
        var wait = TimeSpan.Zero;
        await ChangeAsync(state =>
        {
            var (next, w) = state.TryTake(options, timeProvider.GetUtcNow(), priority);
            wait = w;
            return w > TimeSpan.Zero ? null : next;
        }, cancellationToken).ConfigureAwait(false);
        return wait;
    }

    public Task PauseUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default) =>
        ChangeAsync(state => state.Refill(options, timeProvider.GetUtcNow()).PauseUntil(until), cancellationToken);

    public Task HoldBulkUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default) =>
        ChangeAsync(state => state.Refill(options, timeProvider.GetUtcNow()).HoldBulkUntil(until), cancellationToken);

    public async Task<WriteBudgetState> ReadAsync(CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await tables.Jobs.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        return response.HasValue ? JobJson.Deserialize<WriteBudgetState>(response.Value!.GetString("State")).Refill(options, now) : WriteBudgetState.Full(options, now);
    }

    // A null change writes nothing (a refused take needs no write: the refill is recomputed from the stored instant).
    private async Task ChangeAsync(Func<WriteBudgetState, WriteBudgetState?> change, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var response = await tables.Jobs.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var state = response.HasValue ? JobJson.Deserialize<WriteBudgetState>(response.Value!.GetString("State")) : WriteBudgetState.Full(options, timeProvider.GetUtcNow());
            if (change(state) is not { } next)
            {
                return;
            }

            var entity = new TableEntity(Partition, Row) { ["State"] = JobJson.Serialize(next) };
            try
            {
                if (response.HasValue)
                {
                    await tables.Jobs.UpdateEntityAsync(entity, response.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await tables.Jobs.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another worker changed it first: read again.
            }
        }
    }
}
