using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The webhook store contract on SQLite (the Standalone default): one temporary database file per test.</summary>
public sealed class SqliteWebhookStoreContractTests : WebhookStoreContractTests
{
    private readonly TestStores.Sqlite _store = new("webhooks");

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => _store.CreateAsync(clock);

    protected override Task DeleteStoreAsync() => _store.DeleteAsync();
}
