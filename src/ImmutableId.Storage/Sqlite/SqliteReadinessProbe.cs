using ImmutableId.Core.Readiness;
using Microsoft.Data.Sqlite;

namespace ImmutableId.Storage.Sqlite;

/// <summary>SQLite readiness: one write (a single probe row) and a read of it back, on a real connection.</summary>
internal sealed class SqliteReadinessProbe(SqliteDatabase database, TimeProvider timeProvider) : IReadinessProbe
{
    public string Dependency => ReadinessDependency.Storage;

    public async Task<ReadinessCheck> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var write = connection.CreateCommand();
            write.CommandText = "INSERT INTO readiness (id, probed_ms) VALUES (1, $now) ON CONFLICT (id) DO UPDATE SET probed_ms = excluded.probed_ms";
            write.Parameters.AddWithValue("$now", now);
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT probed_ms FROM readiness WHERE id = 1";
            var stored = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return stored is long value && value == now
                ? ReadinessCheck.Ok
                : ReadinessCheck.Failed("The SQLite store did not read back what it wrote: check the disk behind Storage:SqlitePath.");
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            return ReadinessCheck.Failed("The SQLite store cannot be written: check Storage:SqlitePath, free disk space and the file's permissions.", ex.Message);
        }
    }
}
