using ImmutableId.Core.Jobs;
using ImmutableId.Storage.Jobs;

namespace ImmutableId.Storage.Sqlite;

/// <summary><see cref="IWriteBudget"/> in the SQLite file: one row, changed in an immediate transaction (every process on the file shares it).</summary>
internal sealed class SqliteWriteBudget(SqliteDatabase database, JobOptions options, TimeProvider timeProvider) : IWriteBudget
{
    private const string Name = "graph-writes";

    public async Task<TimeSpan> TryTakeAsync(WritePriority priority, CancellationToken cancellationToken = default)
    {
        var wait = TimeSpan.Zero;
        await ChangeAsync(state =>
        {
            var (next, w) = state.TryTake(options, timeProvider.GetUtcNow(), priority);
            wait = w;
            return next;
        }, cancellationToken).ConfigureAwait(false);
        return wait;
    }

    public Task PauseUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default) =>
        ChangeAsync(state => state.Refill(options, timeProvider.GetUtcNow()).PauseUntil(until), cancellationToken);

    public Task HoldBulkUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default) =>
        ChangeAsync(state => state.Refill(options, timeProvider.GetUtcNow()).HoldBulkUntil(until), cancellationToken);

    public async Task<WriteBudgetState> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM write_budget WHERE name = $name";
        command.Parameters.AddWithValue("$name", Name);
        var now = timeProvider.GetUtcNow();
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? JobJson.Deserialize<WriteBudgetState>(json).Refill(options, now)
            : WriteBudgetState.Full(options, now);
    }

    private async Task ChangeAsync(Func<WriteBudgetState, WriteBudgetState> change, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        WriteBudgetState state;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT state FROM write_budget WHERE name = $name";
            read.Parameters.AddWithValue("$name", Name);
            state = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
                ? JobJson.Deserialize<WriteBudgetState>(json)
                : WriteBudgetState.Full(options, timeProvider.GetUtcNow());
        }

        using var write = connection.CreateCommand();
        write.CommandText = "INSERT INTO write_budget (name, state) VALUES ($name, $state) ON CONFLICT (name) DO UPDATE SET state = excluded.state";
        write.Parameters.AddWithValue("$name", Name);
        write.Parameters.AddWithValue("$state", JobJson.Serialize(change(state)));
        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        transaction.Commit();
    }
}
