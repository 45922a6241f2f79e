namespace ImmutableId.Core.Idempotency;

/// <summary>An idempotency key as a store sees it: scoped to one caller, bound to one request fingerprint.</summary>
/// <param name="Scope">The caller's scope key (tenant/app/principal): keys never collide across callers.</param>
/// <param name="Key">The <c>Idempotency-Key</c> header value.</param>
/// <param name="Fingerprint">A hash of the request (method, path, query, body): a different request under the same key is a mismatch.</param>
public sealed record IdempotencyKey(string Scope, string Key, string Fingerprint)
{
    /// <summary>How long a completed key is remembered (the draft suggests 24 hours).</summary>
    public static TimeSpan Retention { get; } = TimeSpan.FromHours(24);

    /// <summary>How long an unfinished claim blocks the key before it is considered abandoned (the process died).</summary>
    public static TimeSpan InProgressTimeout { get; } = TimeSpan.FromMinutes(5);
}
