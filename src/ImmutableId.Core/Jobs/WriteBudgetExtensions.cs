namespace ImmutableId.Core.Jobs;

/// <summary>Waiting for the shared write budget.</summary>
public static class WriteBudgetExtensions
{
    /// <summary>Waits until the budget grants one write to <paramref name="priority"/>, however long that takes (bulk items).</summary>
    public static async Task TakeAsync(this IWriteBudget budget, WritePriority priority, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(time);
        while (true)
        {
            var wait = await budget.TryTakeAsync(priority, cancellationToken).ConfigureAwait(false);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait + Jitter(), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Asks the budget for one write to <paramref name="priority"/> and waits only while the grant is due within
    /// <paramref name="limit"/>: <see cref="TimeSpan.Zero"/> when granted, else how long the budget still asks to wait
    /// (the caller's Retry-After). Interactive writes use it so a help-desk call never hangs behind a job or a long 429 pause.
    /// </summary>
    public static async Task<TimeSpan> TakeWithinAsync(this IWriteBudget budget, WritePriority priority, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(time);
        var deadline = time.GetUtcNow() + limit;
        while (true)
        {
            var wait = await budget.TryTakeAsync(priority, cancellationToken).ConfigureAwait(false);
            if (wait <= TimeSpan.Zero)
            {
                return TimeSpan.Zero;
            }

            if (time.GetUtcNow() + wait > deadline)
            {
                return wait;
            }

            await Task.Delay(wait + Jitter(), time, cancellationToken).ConfigureAwait(false);
        }
    }

    // Several workers wake together; a little jitter spreads their next attempts.
    private static TimeSpan Jitter() => TimeSpan.FromMilliseconds(Random.Shared.Next(0, 20));
}
