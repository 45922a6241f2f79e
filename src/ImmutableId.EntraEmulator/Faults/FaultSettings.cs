namespace ImmutableId.EntraEmulator.Faults;

/// <summary>
/// Faults injected into <c>/v1.0</c> and <c>/beta</c> requests, deterministic for a given <paramref name="RandomSeed"/>.
/// </summary>
/// <param name="LatencyMs">Added to every request (fixed part).</param>
/// <param name="LatencyJitterMs">Plus a uniform random 0..this (the distribution part).</param>
/// <param name="ErrorRate">Share (0–1) of requests answered 503 or 504 with Retry-After instead of being served.</param>
/// <param name="ErrorRetryAfterSeconds">The Retry-After those errors carry.</param>
/// <param name="DropRate">Share (0–1) of requests whose connection is aborted without an answer.</param>
/// <param name="AdvancedQueryLagMs">
/// Read-after-write lag of advanced queries (ConsistencyLevel: eventual): an immutable ID written less than this ago
/// is still seen with its old value by <c>$filter=onPremisesImmutableId eq …</c>.
/// </param>
/// <param name="ThrottleNextRequests">The next N Graph requests (inner $batch requests count) get 429, whatever the buckets hold.</param>
/// <param name="ThrottleRetryAfterSeconds">The Retry-After those forced 429s carry.</param>
/// <param name="RandomSeed">Seed of the random source behind the rates and the jitter.</param>
/// <param name="BetaErrorStatus">
/// When set, every <c>/beta</c> request is answered with this status (e.g. 403, 404, 503) instead of being served:
/// the beta surface unavailable or refused, while v1.0 keeps working.
/// </param>
/// <param name="DropAfterApplyRate">
/// Share (0–1) of requests that are served — a write is applied — and whose connection is then aborted before the
/// answer: the client cannot tell a lost request from a lost answer (the retry must be safe).
/// </param>
public sealed record FaultSettings(
    int LatencyMs = 0,
    int LatencyJitterMs = 0,
    double ErrorRate = 0,
    int ErrorRetryAfterSeconds = 1,
    double DropRate = 0,
    int AdvancedQueryLagMs = 0,
    int ThrottleNextRequests = 0,
    int ThrottleRetryAfterSeconds = 1,
    int RandomSeed = 42,
    int? BetaErrorStatus = null,
    double DropAfterApplyRate = 0);
