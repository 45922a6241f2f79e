namespace ImmutableId.Core.HardMatch;

/// <summary>What one guardrail decided.</summary>
public enum GuardrailVerdict
{
    /// <summary>Checked and fine.</summary>
    Passed,

    /// <summary>Checked and refused: nothing is written.</summary>
    Blocked,

    /// <summary>Checked; not a reason to refuse, but the caller should know.</summary>
    Warning,

    /// <summary>Not checked: what it needs was not found (another guardrail already blocks), or it does not apply to the operation.</summary>
    Skipped,

    /// <summary>
    /// Could not be checked: its fact could not be read in this request (a permission missing, Graph beta
    /// unavailable, a domain Graph does not know). Not a refusal, but nothing was verified: the detail says how to
    /// check it by hand.
    /// </summary>
    Unknown,
}
