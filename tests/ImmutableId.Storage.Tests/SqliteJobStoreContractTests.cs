using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The job store, queue and budget contract on SQLite (the Standalone default), one temporary database file per test.</summary>
public sealed class SqliteJobStoreContractTests : JobStoreContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "immutableid-jobs-" + Guid.NewGuid().ToString("N"));

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => Task.FromResult(new StoreUnderTest(
        new Dictionary<string, string?>(JobSettings("unused"))
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:SqlitePath"] = Path.Combine(_directory, "jobs.db"),
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

    protected override Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return Task.CompletedTask;
    }
}
