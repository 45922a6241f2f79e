namespace ImmutableId.Core.HardMatch;

/// <summary>How the cloud user's immutable ID relates to the on-prem anchor.</summary>
public enum MatchState
{
    /// <summary>One side is missing, so there is nothing to compare.</summary>
    Unknown,

    /// <summary>The cloud user has no immutable ID.</summary>
    NotSet,

    /// <summary>The cloud user's immutable ID equals the anchor: Entra Connect will hard-match.</summary>
    Matched,

    /// <summary>The cloud user holds a different immutable ID.</summary>
    Different,
}
