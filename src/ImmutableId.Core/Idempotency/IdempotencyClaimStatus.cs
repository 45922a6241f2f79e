namespace ImmutableId.Core.Idempotency;

/// <summary>What a claim on an idempotency key found (draft-ietf-httpapi-idempotency-key-header).</summary>
public enum IdempotencyClaimStatus
{
    /// <summary>The key is new (or its earlier use expired): the caller now owns it and must run the request.</summary>
    New,

    /// <summary>The same request already completed: answer the stored answer.</summary>
    Replay,

    /// <summary>The key was used for a different request: 422.</summary>
    Mismatch,

    /// <summary>The first request with this key is still running: 409.</summary>
    InProgress,
}
