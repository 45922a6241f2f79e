using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace ImmutableId.Storage.Tables;

/// <summary>The three tables, created once on first use.</summary>
internal sealed class TableStore(TableServiceClient service, string prefix)
{
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public TableClient Audit { get; } = service.GetTableClient(prefix + "Audit");

    public TableClient Idempotency { get; } = service.GetTableClient(prefix + "Idempotency");

    public TableClient Leases { get; } = service.GetTableClient(prefix + "Leases");

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
                foreach (var table in new[] { Audit, Idempotency, Leases })
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

    /// <summary>A key safe for PartitionKey/RowKey whatever the input holds (Tables forbid / \ # ? and control characters).</summary>
    public static string HashKey(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
