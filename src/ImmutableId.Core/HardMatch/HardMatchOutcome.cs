namespace ImmutableId.Core.HardMatch;

/// <summary>How an operation ended.</summary>
public enum HardMatchOutcome
{
    /// <summary>Status only: both sides were read.</summary>
    Reported,

    /// <summary>Dry run: every check passed; <see cref="HardMatchResult.After"/> is what a real call would write.</summary>
    Planned,

    /// <summary>Written (see <see cref="HardMatchResult.Verified"/>).</summary>
    Succeeded,

    /// <summary>Nothing to write: already matched, or nothing to clear.</summary>
    NoChange,

    /// <summary>A guardrail (or Graph's answer to the write) refused: nothing was written.</summary>
    Refused,

    /// <summary>Graph or the DC failed (throttled, unavailable, upstream error): nothing was written.</summary>
    Failed,
}
