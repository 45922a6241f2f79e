namespace ImmutableId.EntraEmulator.Throttling;

/// <summary>The gate's answer for one request: pass (with its cost) or 429 with the scope and limit that tripped.</summary>
internal sealed record ThrottleDecision(
    bool Allowed,
    int ResourceUnits,
    int? RetryAfterSeconds = null,
    string? Scope = null,
    string? Information = null,
    int? LimitPercentage = null);
