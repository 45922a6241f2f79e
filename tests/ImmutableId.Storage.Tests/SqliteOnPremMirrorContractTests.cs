using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The on-prem mirror contract on SQLite, one temporary database file per test.</summary>
public sealed class SqliteOnPremMirrorContractTests : OnPremMirrorContractTests
{
    private readonly TestStores.Sqlite _database = new("mirror");

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => _database.CreateAsync(clock);

    protected override Task DeleteStoreAsync() => _database.DeleteAsync();
}
