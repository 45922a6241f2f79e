using Azure.Data.Tables;
using ImmutableId.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>Where a contract suite's store lives: a temporary SQLite file, or uniquely prefixed tables on Azurite.</summary>
internal static class TestStores
{
    /// <summary>A SQLite database in its own temporary folder.</summary>
    public sealed class Sqlite(string name)
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), $"immutableid-{name}-" + Guid.NewGuid().ToString("N"));

        /// <summary>The database file (created on the store's first use).</summary>
        public string FilePath => Path.Combine(_directory, name + ".db");

        public Task<StoreUnderTest> CreateAsync(FakeTimeProvider clock) => Task.FromResult(new StoreUnderTest(
            new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Sqlite",
                ["Storage:SqlitePath"] = FilePath,
            },
            clock));

        public Task DeleteAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Tables on Azurite (tests/servers/azurite) under a prefix of their own; <paramref name="tables"/> are deleted after.</summary>
    public sealed class Azurite(string prefixLetter, params string[] tables)
    {
        private readonly string _prefix = prefixLetter + Guid.NewGuid().ToString("N")[..16];

        public static string ConnectionString => TestServers.AzuriteTableConnectionString;

        public Task<StoreUnderTest> CreateAsync(FakeTimeProvider clock) => Task.FromResult(new StoreUnderTest(
            new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "AzureTables",
                ["Storage:TableConnectionString"] = ConnectionString,
                ["Storage:TablePrefix"] = _prefix,
            },
            clock));

        public async Task DeleteAsync()
        {
            var service = new TableServiceClient(ConnectionString);
            foreach (var table in tables)
            {
                await service.DeleteTableAsync(_prefix + table);
            }
        }
    }
}
