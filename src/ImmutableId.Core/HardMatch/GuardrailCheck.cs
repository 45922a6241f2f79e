namespace ImmutableId.Core.HardMatch;

/// <summary>One guardrail's result, with its stable code and what it found.</summary>
/// <param name="Code">The guardrail.</param>
/// <param name="Verdict">Passed, blocked, warning, skipped or unknown (could not be read).</param>
/// <param name="Detail">What was found, in words an admin can act on.</param>
public sealed record GuardrailCheck(GuardrailCode Code, GuardrailVerdict Verdict, string Detail)
{
    internal static GuardrailCheck Pass(GuardrailCode code, string detail) => new(code, GuardrailVerdict.Passed, detail);

    internal static GuardrailCheck Block(GuardrailCode code, string detail) => new(code, GuardrailVerdict.Blocked, detail);

    internal static GuardrailCheck Warn(GuardrailCode code, string detail) => new(code, GuardrailVerdict.Warning, detail);

    internal static GuardrailCheck Skip(GuardrailCode code, string detail) => new(code, GuardrailVerdict.Skipped, detail);

    internal static GuardrailCheck Unknown(GuardrailCode code, string detail) => new(code, GuardrailVerdict.Unknown, detail);
}
