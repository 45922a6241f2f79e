using ImmutableId.Core.Jobs;
using ImmutableId.Storage.Jobs;

namespace ImmutableId.Storage.Sqlite;

/// <summary><see cref="IWriteBudget"/> in the SQLite file: one row, changed in an immediate transaction (every process on the file shares it).</summary>
internal sealed class SqliteWriteBudget(SqliteDatabase database, JobOptions options, TimeProvider timeProvider) : StoredWriteBudget(options, timeProvider)
{
    private const string Name = "graph-writes";

    protected override async Task<WriteBudgetState?> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM write_budget WHERE name = $name";
        command.Parameters.AddWithValue("$name", Name);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? JobJson.Deserialize<WriteBudgetState>(json) : null;
    }

    protected override async Task ChangeAsync(Func<WriteBudgetState, WriteBudgetState?> change, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        WriteBudgetState state;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT state FROM write_budget WHERE name = $name";
            read.Parameters.AddWithValue("$name", Name);
            state = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? JobJson.Deserialize<WriteBudgetState>(json) : Initial;
        }

        if (change(state) is { } next)
        {
            using var write = connection.CreateCommand();
            write.CommandText = "INSERT INTO write_budget (name, state) VALUES ($name, $state) ON CONFLICT (name) DO UPDATE SET state = excluded.state";
            write.Parameters.AddWithValue("$name", Name);
            write.Parameters.AddWithValue("$state", JobJson.Serialize(next));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        transaction.Commit();
    }
}
