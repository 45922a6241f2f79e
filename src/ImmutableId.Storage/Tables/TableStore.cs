using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace ImmutableId.Storage.Tables;

/// <summary>The three tables, created once on first use.</summary>
internal sealed class TableStore(TableServiceClient service, string prefix)
{
    private TablesCreatedOnce? _created;

    public TableClient Audit { get; } = service.GetTableClient(prefix + "Audit");

    public TableClient Idempotency { get; } = service.GetTableClient(prefix + "Idempotency");

    public TableClient Leases { get; } = service.GetTableClient(prefix + "Leases");

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref _created, () => new(Audit, Idempotency, Leases)).EnsureCreatedAsync(cancellationToken);

    /// <summary>A key safe for PartitionKey/RowKey whatever the input holds (Tables forbid / \ # ? and control characters).</summary>
    public static string HashKey(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
