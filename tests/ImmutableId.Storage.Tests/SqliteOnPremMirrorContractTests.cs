using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The on-prem mirror contract on SQLite, one temporary database file per test.</summary>
public sealed class SqliteOnPremMirrorContractTests : OnPremMirrorContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "immutableid-mirror-" + Guid.NewGuid().ToString("N"));

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => Task.FromResult(new StoreUnderTest(
        new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:SqlitePath"] = Path.Combine(_directory, "mirror.db"),
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
}
