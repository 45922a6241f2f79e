using Microsoft.Extensions.Options;

namespace ImmutableId.Storage;

/// <summary>The rules data annotations cannot say: what each provider needs, and no account keys outside loopback.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                if (string.IsNullOrWhiteSpace(options.SqlitePath))
                {
                    failures.Add("Storage:SqlitePath is required when Storage:Provider is Sqlite.");
                }

                break;
            case StorageProvider.AzureTables:
                var hasUri = options.TableServiceUri is not null;
                var hasConnectionString = !string.IsNullOrWhiteSpace(options.TableConnectionString);
                if (hasUri == hasConnectionString)
                {
                    failures.Add("Storage:Provider AzureTables needs exactly one of Storage:TableServiceUri (managed identity) or Storage:TableConnectionString (Azurite only).");
                }

                if (hasUri && options.TableServiceUri!.Scheme != Uri.UriSchemeHttps && !options.TableServiceUri.IsLoopback)
                {
                    failures.Add("Storage:TableServiceUri must use https.");
                }

                if (hasConnectionString && !IsLoopbackConnectionString(options.TableConnectionString!))
                {
                    failures.Add("Storage:TableConnectionString is accepted only for Azurite on 127.0.0.1/localhost; in Azure set Storage:TableServiceUri and grant the managed identity 'Storage Table Data Contributor'.");
                }

                break;
            default:
                failures.Add($"Storage:Provider must be Sqlite or AzureTables, not '{options.Provider}'.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsLoopbackConnectionString(string connectionString, string endpointKey = "TableEndpoint")
    {
        if (connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Equals(endpointKey, StringComparison.OrdinalIgnoreCase))
            {
                return Uri.TryCreate(part[(eq + 1)..], UriKind.Absolute, out var uri) && uri.IsLoopback;
            }
        }

        return false;
    }
}
