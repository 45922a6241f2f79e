namespace ImmutableId.Core.Idempotency;

/// <summary>
/// Remembers idempotency keys per caller for <see cref="IdempotencyKey.Retention"/>: the first request with a key
/// claims it, runs, and stores its answer; a repeat gets the stored answer.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <paramref name="key"/> atomically: <see cref="IdempotencyClaimStatus.New"/> (run the request, then
    /// <see cref="CompleteAsync"/> or <see cref="ReleaseAsync"/>), <see cref="IdempotencyClaimStatus.Replay"/>,
    /// <see cref="IdempotencyClaimStatus.Mismatch"/> or <see cref="IdempotencyClaimStatus.InProgress"/>.
    /// Expired keys and claims abandoned for longer than <see cref="IdempotencyKey.InProgressTimeout"/> are claimed anew.
    /// </summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, CancellationToken cancellationToken = default);

    /// <summary>Stores the answer of a claimed key, for replay until the key expires.</summary>
    Task CompleteAsync(IdempotencyKey key, IdempotentAnswer answer, CancellationToken cancellationToken = default);

    /// <summary>Forgets an unfinished claim (the request failed before it had an answer worth replaying).</summary>
    Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken = default);
}
