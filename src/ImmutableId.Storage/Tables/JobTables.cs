using Azure.Data.Tables;

namespace ImmutableId.Storage.Tables;

/// <summary>The job tables ({prefix}Jobs: jobs and the write budget; {prefix}JobItems: items), created once on first use.</summary>
internal sealed class JobTables(TableServiceClient service, string prefix)
{
    private TablesCreatedOnce? _created;

    public TableClient Jobs { get; } = service.GetTableClient(prefix + "Jobs");

    public TableClient Items { get; } = service.GetTableClient(prefix + "JobItems");

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref _created, () => new(Jobs, Items)).EnsureCreatedAsync(cancellationToken);
}
