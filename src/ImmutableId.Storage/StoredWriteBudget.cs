using ImmutableId.Core.Jobs;

namespace ImmutableId.Storage;

/// <summary>
/// The app-wide write budget over one stored <see cref="WriteBudgetState"/>: the operations are written once here (the
/// bucket's rules are <see cref="WriteBudgetState"/>'s); each store supplies only an atomic read-change-write of its copy.
/// </summary>
internal abstract class StoredWriteBudget(JobOptions options, TimeProvider timeProvider) : IWriteBudget
{
    /// <summary>The state of a budget never stored yet: a full bucket.</summary>
    protected WriteBudgetState Initial => WriteBudgetState.Full(options, timeProvider.GetUtcNow());

    public async Task<TimeSpan> TryTakeAsync(WritePriority priority, CancellationToken cancellationToken = default)
    {
        var wait = TimeSpan.Zero;
        await ChangeAsync(state =>
        {
            var (next, w) = state.TryTake(options, timeProvider.GetUtcNow(), priority);
            wait = w;

            // A refused take stores nothing: the refill is recomputed from the stored instant next time.
            return w > TimeSpan.Zero ? null : next;
        }, cancellationToken).ConfigureAwait(false);
        return wait;
    }

    public Task PauseUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default) =>
        ChangeAsync(state => state.Refill(options, timeProvider.GetUtcNow()).PauseUntil(until), cancellationToken);

    public Task HoldBulkUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default) =>
        ChangeAsync(state => state.Refill(options, timeProvider.GetUtcNow()).HoldBulkUntil(until), cancellationToken);

    public async Task<WriteBudgetState> ReadAsync(CancellationToken cancellationToken = default)
    {
        var stored = await LoadAsync(cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        return stored is null ? WriteBudgetState.Full(options, now) : stored.Refill(options, now);
    }

    /// <summary>The stored state, or null when none was stored yet.</summary>
    protected abstract Task<WriteBudgetState?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads the stored state (<see cref="Initial"/> when none), applies <paramref name="change"/> and stores its result,
    /// atomically against every other instance; a null result stores nothing.
    /// </summary>
    protected abstract Task ChangeAsync(Func<WriteBudgetState, WriteBudgetState?> change, CancellationToken cancellationToken);
}
