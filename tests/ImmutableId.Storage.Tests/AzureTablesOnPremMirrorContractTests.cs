using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The on-prem mirror contract on Azure Tables, against Azurite (tests/servers/azurite), fresh tables per test.</summary>
public sealed class AzureTablesOnPremMirrorContractTests : OnPremMirrorContractTests
{
    private readonly string _prefix = "M" + Guid.NewGuid().ToString("N")[..16];

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => Task.FromResult(new StoreUnderTest(
        new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "AzureTables",
            ["Storage:TableConnectionString"] = AzureTablesStoreContractTests.ConnectionString,
            ["Storage:TablePrefix"] = _prefix,
        },
        clock));

    protected override async Task DeleteStoreAsync()
    {
        var service = new TableServiceClient(AzureTablesStoreContractTests.ConnectionString);
        foreach (var suffix in new[] { "Mirror", "MirrorUpn", "Agents" })
        {
            await service.DeleteTableAsync(_prefix + suffix);
        }
    }
}
