using Azure.Data.Tables;

namespace ImmutableId.Storage.Tables;

/// <summary>The job tables ({prefix}Jobs: jobs and the write budget; {prefix}JobItems: items), created once on first use.</summary>
internal sealed class JobTables(TableServiceClient service, string prefix)
{
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public TableClient Jobs { get; } = service.GetTableClient(prefix + "Jobs");

    public TableClient Items { get; } = service.GetTableClient(prefix + "JobItems");

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await Jobs.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                await Items.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initLock.Release();
        }
    }
}
