using ImmutableId.Core.Anchors;
using ImmutableId.Core.Entra;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.Core.HardMatch;

/// <summary>
/// Everything one status, set or clear found and did: what an answer and an audit record need (target, both sides,
/// before/after, anchor source, every guardrail result, outcome, Graph request id, verification, dry-run flag).
/// </summary>
public sealed record HardMatchResult
{
    /// <summary>Which operation this answers.</summary>
    public required HardMatchOperation Operation { get; init; }

    /// <summary>How it ended.</summary>
    public required HardMatchOutcome Outcome { get; init; }

    /// <summary>The user as the caller named it.</summary>
    public required UserKey User { get; init; }

    /// <summary>True when the caller asked for a dry run (nothing is written).</summary>
    public bool DryRun { get; init; }

    /// <summary>The ticket reference the caller sent.</summary>
    public string? Ticket { get; init; }

    /// <summary>The reason the caller sent.</summary>
    public string? Reason { get; init; }

    /// <summary>The target's UPN in Entra (the caller's UPN, or the on-prem object's when named by objectGUID).</summary>
    public string? TargetUserPrincipalName { get; init; }

    /// <summary>The on-prem object, when exactly one matched.</summary>
    public OnPremUser? OnPremUser { get; init; }

    /// <summary>The DNs of every on-prem match (more than one when ambiguous).</summary>
    public IReadOnlyList<string> OnPremMatches { get; init; } = [];

    /// <summary>The cloud user as read before any write.</summary>
    public CloudUser? CloudUser { get; init; }

    /// <summary>The directory roles the cloud user holds.</summary>
    public IReadOnlyList<RoleHolding> Roles { get; init; } = [];

    /// <summary>The anchor the operation writes (set) or would compare against (status).</summary>
    public SourceAnchor? Anchor { get; init; }

    /// <summary>Which AD attribute <see cref="Anchor"/> came from.</summary>
    public AnchorSource? AnchorSource { get; init; }

    /// <summary>The cloud user's onPremisesImmutableId before the operation.</summary>
    public string? Before { get; init; }

    /// <summary>The value after the operation (for a dry run: what it would be; when refused: unchanged).</summary>
    public string? After { get; init; }

    /// <summary>How the cloud value relates to the anchor, before the operation.</summary>
    public MatchState MatchState { get; init; }

    /// <summary>Every guardrail's result, in the order they were checked.</summary>
    public IReadOnlyList<GuardrailCheck> Checks { get; init; } = [];

    /// <summary>True when a PATCH was sent to Graph.</summary>
    public bool WriteAttempted { get; init; }

    /// <summary>Graph's request-id of the PATCH, for the audit record and support cases.</summary>
    public string? GraphRequestId { get; init; }

    /// <summary>After a write: true when a read-back showed the new value; false when it did not within the attempts. Null when nothing was written.</summary>
    public bool? Verified { get; init; }

    /// <summary>When throttled or unavailable: how long to wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The checks that refused.</summary>
    public IReadOnlyList<GuardrailCheck> Blockers => Checks.Where(c => c.Verdict == GuardrailVerdict.Blocked).ToArray();

    /// <summary>The checks that warned.</summary>
    public IReadOnlyList<GuardrailCheck> Warnings => Checks.Where(c => c.Verdict == GuardrailVerdict.Warning).ToArray();

    /// <summary>True when a write would be (or was) refused.</summary>
    public bool IsBlocked => Checks.Any(c => c.Verdict == GuardrailVerdict.Blocked);
}
