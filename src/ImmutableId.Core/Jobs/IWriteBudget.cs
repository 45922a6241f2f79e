namespace ImmutableId.Core.Jobs;

/// <summary>
/// The one rate governor of Graph writes for the whole app: its state lives in the configured storage, so every
/// worker of every instance and every interactive write draws from the same bucket and obeys the same 429 pause.
/// </summary>
public interface IWriteBudget
{
    /// <summary>
    /// Takes one write for <paramref name="priority"/>: <see cref="TimeSpan.Zero"/> when granted, else how long to wait
    /// before asking again. A bulk take leaves <see cref="JobOptions.Reserve"/> tokens for interactive writes.
    /// </summary>
    Task<TimeSpan> TryTakeAsync(WritePriority priority, CancellationToken cancellationToken = default);

    /// <summary>Pauses every worker until <paramref name="until"/> (Graph answered 429 with Retry-After).</summary>
    Task PauseUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Holds bulk writes (only) until <paramref name="until"/>: Graph reported the app near its limit.</summary>
    Task HoldBulkUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>The shared state now (refilled), for progress reports.</summary>
    Task<WriteBudgetState> ReadAsync(CancellationToken cancellationToken = default);
}
