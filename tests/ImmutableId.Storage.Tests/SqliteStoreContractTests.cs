using ImmutableId.Core.Idempotency;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The store contract on SQLite, one temporary database file per test.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TestStores.Sqlite _database = new("audit");

    protected override Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock) => _database.CreateAsync(clock);

    protected override Task DeleteStoreAsync() => _database.DeleteAsync();

    /// <summary>The previous version's idempotency table (status_code, content_type; no answer_kind), as its schema created it.</summary>
    protected override async Task StorePreviousVersionAnswerAsync(IdempotencyKey key, int status, string contentType, string body, string operationId)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_database.FilePath)!);
        await using var connection = new SqliteConnection($"Data Source={_database.FilePath};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE idempotency (
                scope        TEXT NOT NULL,
                key          TEXT NOT NULL,
                fingerprint  TEXT NOT NULL,
                claimed_ms   INTEGER NOT NULL,
                expires_ms   INTEGER NOT NULL,
                completed    INTEGER NOT NULL,
                status_code  INTEGER NULL,
                content_type TEXT NULL,
                body         TEXT NULL,
                operation_id TEXT NULL,
                PRIMARY KEY (scope, key)
            );
            INSERT INTO idempotency (scope, key, fingerprint, claimed_ms, expires_ms, completed, status_code, content_type, body, operation_id)
            VALUES ($scope, $key, $fingerprint, $claimed, $expires, 1, $status, $contentType, $body, $operationId);
            """;
        command.Parameters.AddWithValue("$scope", key.Scope);
        command.Parameters.AddWithValue("$key", key.Key);
        command.Parameters.AddWithValue("$fingerprint", key.Fingerprint);
        command.Parameters.AddWithValue("$claimed", Store.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$expires", (Store.Clock.GetUtcNow() + IdempotencyKey.Retention).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$contentType", contentType);
        command.Parameters.AddWithValue("$body", body);
        command.Parameters.AddWithValue("$operationId", operationId);
        await command.ExecuteNonQueryAsync();
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
