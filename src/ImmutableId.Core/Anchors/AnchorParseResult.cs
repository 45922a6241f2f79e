namespace ImmutableId.Core.Anchors;

/// <summary>The outcome of parsing a text as a <see cref="SourceAnchor"/>: the anchor and its form, or an error.</summary>
public sealed record AnchorParseResult
{
    private AnchorParseResult(SourceAnchor anchor, AnchorFormat? format, AnchorParseError? error)
    {
        Anchor = anchor;
        Format = format;
        Error = error;
    }

    /// <summary>The anchor; meaningful only when <see cref="Success"/>.</summary>
    public SourceAnchor Anchor { get; }

    /// <summary>The form the input was read as; null on failure.</summary>
    public AnchorFormat? Format { get; }

    /// <summary>Why parsing failed; null on success.</summary>
    public AnchorParseError? Error { get; }

    /// <summary>True when the input was read as an anchor.</summary>
    public bool Success => Error is null;

    internal static AnchorParseResult Ok(SourceAnchor anchor, AnchorFormat format) => new(anchor, format, null);

    internal static AnchorParseResult Fail(string code, string message, AnchorFormat? lookedLike = null) =>
        new(default, null, new AnchorParseError(code, message, lookedLike));
}
