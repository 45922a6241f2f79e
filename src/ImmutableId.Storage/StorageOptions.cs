using System.ComponentModel.DataAnnotations;

namespace ImmutableId.Storage;

/// <summary>The <c>Storage</c> configuration section (<c>Storage__Provider</c>… as Azure app settings).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Sqlite (default) or AzureTables.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite database file (created when missing). Relative paths are relative to the working directory.</summary>
    public string SqlitePath { get; set; } = "immutableid.db";

    /// <summary>The Table service endpoint, e.g. <c>https://myaccount.table.core.windows.net</c>; used with a managed identity.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>A connection string, accepted only for Azurite on loopback (tests, local runs): production uses a managed identity.</summary>
    public string? TableConnectionString { get; set; }

    /// <summary>The Queue service endpoint for bulk jobs (<c>https://myaccount.queue.core.windows.net</c>); defaults to the table endpoint's account.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>A queue connection string, for Azurite on loopback only; defaults to <see cref="TableConnectionString"/> when that names a QueueEndpoint.</summary>
    public string? QueueConnectionString { get; set; }

    /// <summary>Prefix of the three table names (letters and digits; the tables are {prefix}Audit, {prefix}Idempotency, {prefix}Leases).</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,40}$", ErrorMessage = "Storage:TablePrefix must start with a letter and hold only letters and digits (at most 41).")]
    public string TablePrefix { get; set; } = "ImmutableId";
}
