using Azure.Data.Tables;

namespace ImmutableId.Storage.Tables;

/// <summary>Creates a set of tables on first use, once per process, whoever asks first (the stores call it before each operation).</summary>
internal sealed class TablesCreatedOnce(params TableClient[] tables)
{
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

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
                foreach (var table in tables)
                {
                    await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                }

                _initialized = true;
            }
        }
        finally
        {
            _initLock.Release();
        }
    }
}
