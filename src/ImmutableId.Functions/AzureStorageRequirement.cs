using ImmutableId.Storage;
using Microsoft.Extensions.Options;

namespace ImmutableId.Functions;

/// <summary>
/// In Azure (App Service sets WEBSITE_INSTANCE_ID) the audit log must live in Azure Tables: a SQLite file on an
/// instance's local disk is lost on scale-out and redeploy, and its user leases would not span instances.
/// </summary>
internal sealed class AzureStorageRequirement(Func<string, string?> environment) : IValidateOptions<StorageOptions>
{
    public AzureStorageRequirement()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        options.Provider == StorageProvider.Sqlite && !string.IsNullOrEmpty(environment("WEBSITE_INSTANCE_ID"))
            ? ValidateOptionsResult.Fail("In Azure, set Storage__Provider=AzureTables and Storage__TableServiceUri (managed identity): SQLite on an instance's disk is not durable and does not span instances.")
            : ValidateOptionsResult.Success;
}
