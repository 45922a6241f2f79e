namespace ImmutableId.Core.Anchors;

/// <summary>Why a text is not a source anchor.</summary>
/// <param name="Code">A stable code: one of <see cref="AnchorParseError"/>'s constants.</param>
/// <param name="Message">What was wrong and what to send instead.</param>
/// <param name="LookedLike">The form the input resembled, when one could be told.</param>
public sealed record AnchorParseError(string Code, string Message, AnchorFormat? LookedLike)
{
    /// <summary>Nothing (or only whitespace) was given.</summary>
    public const string Empty = "AnchorEmpty";

    /// <summary>The input fits two forms that decode to different bytes.</summary>
    public const string Ambiguous = "AnchorAmbiguous";

    /// <summary>The input resembles one form but breaks its rules (length, padding, alphabet, whitespace).</summary>
    public const string Invalid = "AnchorInvalid";

    /// <summary>The input resembles no known form.</summary>
    public const string Unrecognized = "AnchorUnrecognized";
}
