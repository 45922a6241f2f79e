namespace ImmutableId.Core.Audit;

/// <summary>Deletes audit records whose retention has passed (implemented by each audit store).</summary>
public interface IAuditRetentionStore
{
    /// <summary>
    /// Deletes at most <paramref name="max"/> records with <paramref name="outcome"/> that started before
    /// <paramref name="startedBefore"/>, and answers how many it deleted (fewer than <paramref name="max"/>: none left).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="outcome"/> is <see cref="AuditOutcome.Pending"/>: an intent is never deleted, it is reconciled.</exception>
    Task<int> DeleteBeforeAsync(AuditOutcome outcome, DateTimeOffset startedBefore, int max, CancellationToken cancellationToken = default);
}
