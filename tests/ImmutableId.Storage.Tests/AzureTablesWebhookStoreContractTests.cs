using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The webhook store contract on Azure Tables, against Azurite (fresh tables per test).</summary>
public sealed class AzureTablesWebhookStoreContractTests : WebhookStoreContractTests
{
    private readonly TestStores.Azurite _store = new("W", "WebhookSubscriptions", "WebhookDeliveries");

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => _store.CreateAsync(clock);

    protected override Task DeleteStoreAsync() => _store.DeleteAsync();
}
