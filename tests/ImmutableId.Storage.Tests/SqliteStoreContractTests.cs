using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The store contract on SQLite, one temporary database file per test.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TestStores.Sqlite _database = new("audit");

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => _database.CreateAsync(clock);

    protected override Task DeleteStoreAsync() => _database.DeleteAsync();

    [Fact]
    public async Task Database_IsInWalMode()
    {
        await Store.Audit.GetAsync(Guid.CreateVersion7());
        var database = (ImmutableId.Storage.Sqlite.SqliteDatabase)Store.Services.GetService(typeof(ImmutableId.Storage.Sqlite.SqliteDatabase))!;
        await using var connection = await database.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}
