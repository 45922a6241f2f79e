namespace ImmutableId.Core.Jobs;

/// <summary>Waiting for the shared write budget.</summary>
public static class WriteBudgetExtensions
{
    /// <summary>Waits until the budget grants one write.</summary>
    public static async Task TakeAsync(this IWriteBudget budget, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(time);
        while (true)
        {
            var wait = await budget.TryTakeAsync(cancellationToken).ConfigureAwait(false);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            // Several workers wake together; a little jitter spreads their next attempts.
            var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, 20));
            await Task.Delay(wait + jitter, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
