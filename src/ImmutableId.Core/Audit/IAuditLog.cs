namespace ImmutableId.Core.Audit;

/// <summary>
/// The durable, append-only record of every write attempt. An intent is written before the Graph write; its
/// outcome is recorded once, after it (a recorded outcome is never overwritten).
/// </summary>
public interface IAuditLog
{
    /// <summary>Durably records an intent (<see cref="AuditOutcome.Pending"/>) before the Graph write.</summary>
    /// <exception cref="ArgumentException">The record is not pending, or its id is not a version-7 GUID.</exception>
    /// <exception cref="InvalidOperationException">A record with this id already exists.</exception>
    Task WriteIntentAsync(AuditRecord intent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the outcome: completes the pending intent with the same id, or inserts the record when there was
    /// no intent (refusals and dry runs). Answers false, changing nothing, when an outcome is already recorded.
    /// </summary>
    /// <exception cref="ArgumentException">The record is still pending, or its id is not a version-7 GUID.</exception>
    Task<bool> WriteOutcomeAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the Cloud Sync provisioning that followed a completed write on that write's own record: sets
    /// <see cref="AuditRecord.Provisioning"/> when the record exists, its outcome is final, and it holds no provisioning
    /// or a pending one. Answers false, changing nothing, otherwise (a final provisioning is never overwritten).
    /// </summary>
    Task<bool> RecordProvisioningAsync(Guid operationId, AuditProvisioning provisioning, CancellationToken cancellationToken = default);

    /// <summary>The record with this id, or null.</summary>
    Task<AuditRecord?> GetAsync(Guid operationId, CancellationToken cancellationToken = default);

    /// <summary>Records matching <paramref name="query"/>, newest first, one page at a time.</summary>
    /// <exception cref="ArgumentException">The page size is out of range or the continuation token is not one this log issued.</exception>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Pending intents started at or before <paramref name="startedBefore"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ListPendingAsync(DateTimeOffset startedBefore, int max, CancellationToken cancellationToken = default);
}
