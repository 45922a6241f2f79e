using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The on-prem mirror contract on Azure Tables, against Azurite (tests/servers/azurite), fresh tables per test.</summary>
public sealed class AzureTablesOnPremMirrorContractTests : OnPremMirrorContractTests
{
    private readonly TestStores.Azurite _tables = new("M", "Mirror", "MirrorUpn", "Agents");

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => _tables.CreateAsync(clock);

    protected override Task DeleteStoreAsync() => _tables.DeleteAsync();
}
