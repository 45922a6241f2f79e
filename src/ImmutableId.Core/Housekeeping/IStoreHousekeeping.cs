namespace ImmutableId.Core.Housekeeping;

/// <summary>
/// Deletes store rows nothing will read again: idempotency keys past their retention and user leases that ended long
/// ago (a released lease keeps its row so the next holder learns when it ended; a day later nobody needs that).
/// Run by the scheduled maintenance in both hosts; bounded per call so one run always ends.
/// </summary>
public interface IStoreHousekeeping
{
    /// <summary>
    /// Deletes at most <paramref name="max"/> expired idempotency keys and at most <paramref name="max"/> lease rows that
    /// ended before <paramref name="leasesEndedBefore"/>; answers how many of each it deleted.
    /// </summary>
    Task<HousekeepingResult> DeleteExpiredAsync(DateTimeOffset now, DateTimeOffset leasesEndedBefore, int max, CancellationToken cancellationToken = default);
}

/// <summary>What one housekeeping call deleted.</summary>
/// <param name="IdempotencyKeys">Idempotency keys past their retention.</param>
/// <param name="Leases">User lease rows that ended before the cut-off (released or lapsed).</param>
public sealed record HousekeepingResult(int IdempotencyKeys, int Leases);
