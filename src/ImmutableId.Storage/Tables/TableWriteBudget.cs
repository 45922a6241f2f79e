using Azure;
using Azure.Data.Tables;
using ImmutableId.Core.Jobs;
using ImmutableId.Storage.Jobs;

namespace ImmutableId.Storage.Tables;

/// <summary>
/// <see cref="IWriteBudget"/> in Azure Tables: one entity in {prefix}Jobs, changed under its ETag (a lost race reads
/// again), so every instance of the app draws from one bucket and sees one 429 pause.
/// </summary>
internal sealed class TableWriteBudget(JobTables tables, JobOptions options, TimeProvider timeProvider) : StoredWriteBudget(options, timeProvider)
{
    private const string Partition = "budget";
    private const string Row = "graph-writes";

    protected override async Task<WriteBudgetState?> LoadAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var response = await tables.Jobs.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? JobJson.Deserialize<WriteBudgetState>(response.Value!.GetString("State")) : null;
    }

    protected override async Task ChangeAsync(Func<WriteBudgetState, WriteBudgetState?> change, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var response = await tables.Jobs.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var state = response.HasValue ? JobJson.Deserialize<WriteBudgetState>(response.Value!.GetString("State")) : Initial;
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
