using ImmutableId.Core.Entra;

namespace ImmutableId.Core.Jobs;

/// <summary>
/// The Entra directory as job items see it: every write first takes a token from the app-wide budget, and a throttled
/// write (Graph's 429, past the adapter's retries) pauses every worker until its Retry-After. Reads pass through.
/// </summary>
public sealed class BudgetedEntraDirectory(IEntraDirectory inner, IWriteBudget budget, TimeProvider time) : IEntraDirectory
{
    /// <inheritdoc />
    public Task<CloudUser?> GetUserAsync(string idOrUserPrincipalName, CancellationToken cancellationToken = default) =>
        inner.GetUserAsync(idOrUserPrincipalName, cancellationToken);

    /// <inheritdoc />
    public Task<CloudPreflight> GetPreflightAsync(string idOrUserPrincipalName, string? immutableId, CancellationToken cancellationToken = default) =>
        inner.GetPreflightAsync(idOrUserPrincipalName, immutableId, cancellationToken);

    /// <inheritdoc />
    public async Task<EntraWriteResult> SetImmutableIdAsync(string userId, string? immutableId, CancellationToken cancellationToken = default)
    {
        await budget.TakeAsync(time, cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await inner.SetImmutableIdAsync(userId, immutableId, cancellationToken).ConfigureAwait(false);
            if (result.Status == EntraWriteStatus.Throttled)
            {
                await PauseAsync(result.RetryAfter, cancellationToken).ConfigureAwait(false);
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
