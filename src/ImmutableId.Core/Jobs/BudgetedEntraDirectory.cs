using System.Globalization;
using ImmutableId.Core.Entra;

namespace ImmutableId.Core.Jobs;

/// <summary>
/// The Entra directory behind the app-wide write budget: every write first takes a token from it, and a throttled write
/// (Graph's 429, past the adapter's retries) pauses every writer until its Retry-After. Reads pass through.
/// <para>
/// The rule (docs/jobs.md, <i>One write budget for the app</i>): bulk items (<see cref="WritePriority.Bulk"/>) leave
/// <see cref="JobOptions.Reserve"/> tokens and wait as long as the budget says; interactive writes
/// (<see cref="WritePriority.Interactive"/>) may take the reserve, wait at most <c>maxWait</c>, and otherwise send
/// nothing to Graph and answer <see cref="EntraWriteStatus.Throttled"/> with the budget's wait as Retry-After — a
/// help-desk PUT never queues behind a job, and never pushes the app over Graph's limit either.
/// </para>
/// </summary>
public sealed class BudgetedEntraDirectory(
    IEntraDirectory inner,
    IWriteBudget budget,
    TimeProvider time,
    WritePriority priority = WritePriority.Bulk,
    TimeSpan? maxWait = null) : IEntraDirectory
{
    private const int BulkPollers = 4;

    // A few bulk waiters per process ask the shared budget at a time; the others queue here. Without it every waiting
    // item polls the store (a write transaction, or an ETag'd entity read) each time a token might be due: at 64 items
    // that is over a thousand store operations a second, slowing the very writes (audit, leases) the items wait to do.
    // More than one, so a slow store round trip (a busy SQLite lock) does not cap the rate at one write per round trip.
    // (A SemaphoreSlim whose wait handle is never read holds nothing to dispose.)
    private readonly SemaphoreSlim _bulkGate = new(BulkPollers, BulkPollers);

    /// <inheritdoc />
    public Task<CloudUser?> GetUserAsync(string idOrUserPrincipalName, CancellationToken cancellationToken = default) =>
        inner.GetUserAsync(idOrUserPrincipalName, cancellationToken);

    /// <inheritdoc />
    public Task<CloudUserResolution> ResolveUserAsync(string idOrUserPrincipalName, CancellationToken cancellationToken = default) =>
        inner.ResolveUserAsync(idOrUserPrincipalName, cancellationToken);

    /// <inheritdoc />
    public Task<CloudPreflight> GetFactsAsync(CloudUserResolution resolved, string? immutableId, CancellationToken cancellationToken = default) =>
        inner.GetFactsAsync(resolved, immutableId, cancellationToken);

    /// <inheritdoc />
    public async Task<EntraWriteResult> SetImmutableIdAsync(string userId, string? immutableId, CancellationToken cancellationToken = default)
    {
        if (priority == WritePriority.Bulk)
        {
            await _bulkGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await budget.TakeAsync(priority, time, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _bulkGate.Release();
            }
        }
        else
        {
            var limit = maxWait ?? TimeSpan.Zero;
            var wait = await budget.TakeWithinAsync(priority, limit, time, cancellationToken).ConfigureAwait(false);
            if (wait > TimeSpan.Zero)
            {
                return new EntraWriteResult(
                    EntraWriteStatus.Throttled,
                    Message: string.Create(CultureInfo.InvariantCulture,
                        $"The app's Graph write budget (shared by every instance, bulk jobs and single-user writes, under Graph's 3,000 writes per 150 s) has no room for this write within {limit.TotalSeconds:0.#} s; nothing was sent to Graph."),
                    RetryAfter: wait);
            }
        }

        try
        {
            var result = await inner.SetImmutableIdAsync(userId, immutableId, cancellationToken).ConfigureAwait(false);
            if (result.Status == EntraWriteStatus.Throttled)
            {
                await PauseAsync(result.RetryAfter, cancellationToken).ConfigureAwait(false);
            }
            else if (result.ThrottleLimitPercentage is { } percentage && WriteBudgetState.EaseFor(percentage) is var ease && ease > TimeSpan.Zero)
            {
                // Graph says the app is near its limit (writes from outside this budget, or Graph counting differently):
                // bulk items ease off for every instance; interactive writes are not held.
                await budget.HoldBulkUntilAsync(time.GetUtcNow() + ease, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        catch (EntraDirectoryException ex) when (ex.Failure == EntraFailure.Throttled)
        {
            await PauseAsync(ex.RetryAfter, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    private Task PauseAsync(TimeSpan? retryAfter, CancellationToken cancellationToken) =>
        budget.PauseUntilAsync(time.GetUtcNow() + (retryAfter ?? TimeSpan.FromSeconds(1)), cancellationToken);
}
