using ImmutableId.Testing;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The store contract on Azure Tables, against Azurite (tests/servers/azurite), fresh tables per test.</summary>
public sealed class AzureTablesStoreContractTests : StoreContractTests
{
    private readonly string _prefix = "T" + Guid.NewGuid().ToString("N")[..16];

    internal static string ConnectionString => TestServers.AzuriteTableConnectionString;

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => Task.FromResult(new StoreUnderTest(
        new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "AzureTables",
            ["Storage:TableConnectionString"] = ConnectionString,
            ["Storage:TablePrefix"] = _prefix,
        },
        clock));

    protected override async Task DeleteStoreAsync()
    {
        var service = new TableServiceClient(ConnectionString);
        foreach (var suffix in new[] { "Audit", "Idempotency", "Leases" })
        {
            await service.DeleteTableAsync(_prefix + suffix);
        }
    }
}
