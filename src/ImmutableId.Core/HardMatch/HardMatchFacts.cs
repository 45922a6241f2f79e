using ImmutableId.Core.Anchors;
using ImmutableId.Core.Entra;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.Core.HardMatch;

/// <summary>What was read about one target, before any guardrail ran.</summary>
/// <param name="User">The user as the caller named it.</param>
/// <param name="OnPrem">The on-prem lookup; null when it was not needed (clear by UPN).</param>
/// <param name="TargetUserPrincipalName">The UPN of the cloud user to check.</param>
/// <param name="Preflight">The cloud preflight; null when no UPN was known.</param>
/// <param name="Anchor">The anchor chosen by the source rule, when the on-prem object was found.</param>
/// <param name="AnchorSource">Where <paramref name="Anchor"/> came from.</param>
internal sealed record HardMatchFacts(
    UserKey User,
    OnPremLookup? OnPrem,
    string? TargetUserPrincipalName,
    CloudPreflight? Preflight,
    SourceAnchor? Anchor,
    AnchorSource? AnchorSource)
{
    public CloudUser? CloudUser => Preflight?.User;

    public MatchState MatchState => (CloudUser, Anchor) switch
    {
        (null, _) => MatchState.Unknown,
        ({ OnPremisesImmutableId: null or "" }, _) => MatchState.NotSet,
        (_, null) => MatchState.Unknown,
        var (cloud, anchor) => string.Equals(cloud.OnPremisesImmutableId, anchor.Value.ToImmutableId(), StringComparison.Ordinal)
            ? MatchState.Matched
            : MatchState.Different,
    };
}
