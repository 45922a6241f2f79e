using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The store contract on Azure Tables, against Azurite (tests/servers/azurite), fresh tables per test.</summary>
public sealed class AzureTablesStoreContractTests : StoreContractTests
{
    private readonly TestStores.Azurite _tables = new("T", "Audit", "Idempotency", "Leases");

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => _tables.CreateAsync(clock);

    protected override Task DeleteStoreAsync() => _tables.DeleteAsync();
}
