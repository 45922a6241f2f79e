namespace ImmutableId.Storage;

/// <summary>Where the audit log, idempotency keys and user leases live.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file (WAL): the default for the Standalone host and the sandbox.</summary>
    Sqlite,

    /// <summary>Azure Table Storage with a managed identity (Azurite in tests): the choice in Azure.</summary>
    AzureTables,
}
