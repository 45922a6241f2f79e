using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The store contract on SQLite, one temporary database file per test.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "immutableid-store-" + Guid.NewGuid().ToString("N"));

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => Task.FromResult(new StoreUnderTest(
        new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:SqlitePath"] = Path.Combine(_directory, "audit.db"),
        },
        clock));

    protected override Task DeleteStoreAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

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
