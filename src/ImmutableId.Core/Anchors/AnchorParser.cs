using System.Text;

namespace ImmutableId.Core.Anchors;

/// <summary>Detects and reads the textual forms of a source anchor, strictly: a value that is not exact is refused.</summary>
internal static class AnchorParser
{
    /// <summary>Longer input is refused before any work: no anchor form is longer than a wrapped LDAP filter.</summary>
    internal const int MaxInputLength = 128;

    private const string Hint =
        "Send a GUID (35918bc9-196d-40ea-9779-889d79b753f0), an ImmutableId (yYuRNW0Z6kCXeYidebdT8A==), 32 hex digits " +
        "with 0x or spaces, LDAP-escaped bytes (\\c9\\8b…) or a connector-space DN (CN={…}).";

    public static AnchorParseResult Parse(string? input, AnchorFormat? format)
    {
        var text = input?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return AnchorParseResult.Fail(AnchorParseError.Empty, "No value was given. " + Hint);
        }

        if (text.Length > MaxInputLength)
        {
            return AnchorParseResult.Fail(
                AnchorParseError.Invalid,
                $"The value is {text.Length} characters long; no anchor form is longer than {MaxInputLength}. " + Hint,
                format);
        }

        return format switch
        {
            AnchorFormat.Guid => ParseGuid(text),
            AnchorFormat.ImmutableId => ParseImmutableId(text),
            AnchorFormat.Hex => ParseHex(text),
            AnchorFormat.LdapEscaped => ParseLdapEscaped(text),
            AnchorFormat.ConnectorSpaceDn => ParseConnectorSpaceDn(text),
            null => Detect(text),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown anchor format."),
        };
    }

    private static AnchorParseResult Detect(string text)
    {
        var lookedLike = Classify(text);
        if (lookedLike is null)
        {
            // 32 bare hex digits: a GUID without hyphens ("N" format) and raw bytes differ in byte order.
            if (text.Length == 32 && IsHex(text))
            {
                return AnchorParseResult.Fail(
                    AnchorParseError.Ambiguous,
                    "32 hex digits without separators can be a GUID without hyphens or the raw bytes in storage order, " +
                    "and the two give different anchors. Add hyphens (GUID), a 0x prefix (bytes), or send \"from\": \"guid\" or \"hex\".",
                    AnchorFormat.Guid);
            }

            return AnchorParseResult.Fail(AnchorParseError.Unrecognized, "The value matches no anchor form. " + Hint);
        }

        return lookedLike.Value switch
        {
            AnchorFormat.Guid => ParseGuid(text),
            AnchorFormat.ImmutableId => ParseImmutableId(text),
            AnchorFormat.Hex => ParseHex(text),
            AnchorFormat.LdapEscaped => ParseLdapEscaped(text),
            _ => ParseConnectorSpaceDn(text),
        };
    }

    /// <summary>Which form the text looks like, by its distinctive marks; null when it has none (or is ambiguous).</summary>
    private static AnchorFormat? Classify(string text)
    {
        if (text.StartsWith("CN=", StringComparison.OrdinalIgnoreCase))
        {
            return AnchorFormat.ConnectorSpaceDn;
        }

        if (text.Contains('\\', StringComparison.Ordinal))
        {
            return AnchorFormat.LdapEscaped;
        }

        if (text.StartsWith('{') || text.StartsWith('('))
        {
            var inner = text.TrimStart('{', '(').TrimEnd('}', ')');
            // {32 hex} and {8-4-4-4-12} are GUIDs; {48 hex} is the connector-space DN without its CN= prefix.
            return inner.Length > 36 && IsHex(inner) ? AnchorFormat.ConnectorSpaceDn : AnchorFormat.Guid;
        }

        if (text.EndsWith('='))
        {
            // Padding marks Base64 even when the text happens to start with "0x".
            return AnchorFormat.ImmutableId;
        }

        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || LooksLikeSeparatedHex(text))
        {
            return AnchorFormat.Hex;
        }

        if (text.Contains('-', StringComparison.Ordinal) && IsHexOr(text, '-') && text.Length is >= 32 and <= 40)
        {
            return AnchorFormat.Guid;
        }

        if (text.Length == 32 && IsHex(text))
        {
            return null;
        }

        if (LooksLikeGuidWithTypo(text))
        {
            // Five hyphen-separated groups of mostly hex digits: a mistyped GUID, not URL-safe Base64 (which is 22-24
            // characters for an anchor), so the answer names the character to fix.
            return AnchorFormat.Guid;
        }

        if (IsBase64Like(text))
        {
            return AnchorFormat.ImmutableId;
        }

        return null;
    }

    /// <summary>Hyphenated like a GUID (five groups, 32-40 characters) with at most three characters that are not hex digits.</summary>
    private static bool LooksLikeGuidWithTypo(string text) =>
        text.Length is >= 32 and <= 40 &&
        text.Split('-').Length == 5 &&
        text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') &&
        text.Count(c => c != '-' && !Uri.IsHexDigit(c)) is > 0 and <= 3;

    private static AnchorParseResult ParseGuid(string text)
    {
        if (HasWhitespace(text))
        {
            return InnerWhitespace(AnchorFormat.Guid);
        }

        if (Guid.TryParseExact(text, "D", out var guid) || Guid.TryParseExact(text, "B", out guid) ||
            Guid.TryParseExact(text, "P", out guid) || Guid.TryParseExact(text, "N", out guid) ||
            (text.Length == 34 && ((text[0] == '{' && text[^1] == '}') || (text[0] == '(' && text[^1] == ')')) &&
             Guid.TryParseExact(text[1..^1], "N", out guid)))
        {
            return AnchorParseResult.Ok(SourceAnchor.FromGuid(guid), AnchorFormat.Guid);
        }

        var digits = text.Count(Uri.IsHexDigit);
        var bad = text.Select((c, i) => (c, i)).Where(x => !Uri.IsHexDigit(x.c) && x.c is not ('-' or '{' or '}' or '(' or ')')).ToArray();
        var detail = bad.Length > 0
            ? string.Join(", ", bad.Take(3).Select(x => $"'{x.c}' (character {x.i + 1})")) +
              (bad.Length == 1 ? " is not a hex digit" : " are not hex digits") + " (0-9, a-f)."
            : digits != 32
                ? $"It has {digits} hex digits; a GUID has 32."
                : "Its groups are not 8-4-4-4-12 hex digits.";
        return AnchorParseResult.Fail(
            AnchorParseError.Invalid,
            $"The value looks like a GUID but is not one. {detail} Example: 35918bc9-196d-40ea-9779-889d79b753f0.",
            AnchorFormat.Guid);
    }

    private static AnchorParseResult ParseImmutableId(string text)
    {
        const string Example = "An ImmutableId is 24 characters of standard Base64 ending in ==, e.g. yYuRNW0Z6kCXeYidebdT8A==.";
        if (HasWhitespace(text))
        {
            return InnerWhitespace(AnchorFormat.ImmutableId);
        }

        if (text.Contains('$', StringComparison.Ordinal))
        {
            return AnchorParseResult.Fail(
                AnchorParseError.Invalid,
                "The value holds '$', which Entra does not allow in onPremisesImmutableId. " + Example,
                AnchorFormat.ImmutableId);
        }

        if (text.Contains('-', StringComparison.Ordinal) || text.Contains('_', StringComparison.Ordinal))
        {
            return AnchorParseResult.Fail(
                AnchorParseError.Invalid,
                "The value uses URL-safe Base64 ('-' or '_'); Entra Connect uses standard Base64 ('+' and '/'), and Entra " +
                "does not allow '_' in onPremisesImmutableId. Replace '-' with '+' and '_' with '/'. " + Example,
                AnchorFormat.ImmutableId);
        }

        if (!IsBase64Like(text.TrimEnd('=')) || text.TrimEnd('=').Length + CountTrailing(text, '=') != text.Length)
        {
            return AnchorParseResult.Fail(
                AnchorParseError.Invalid,
                "The value holds characters outside the Base64 alphabet. " + Example,
                AnchorFormat.ImmutableId);
        }

        if (text.Length != 24 || !text.EndsWith("==", StringComparison.Ordinal) || text[21] == '=')
        {
            var unpadded = text.TrimEnd('=').Length;
            var why = unpadded == 22 ? "its padding is wrong (it must end in exactly ==)" : $"it has {unpadded} Base64 characters, not 22";
            var bytes = unpadded * 6 / 8;
            return AnchorParseResult.Fail(
                AnchorParseError.Invalid,
                $"The value looks like an ImmutableId but {why}; it would decode to {bytes} bytes, and an anchor is 16. " + Example,
                AnchorFormat.ImmutableId);
        }

        Span<byte> buffer = stackalloc byte[18];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written != SourceAnchor.Length)
        {
            return AnchorParseResult.Fail(AnchorParseError.Invalid, "The value is not valid Base64. " + Example, AnchorFormat.ImmutableId);
        }

        var anchor = SourceAnchor.FromBytes(buffer[..written]);
        if (!string.Equals(anchor.ToImmutableId(), text, StringComparison.Ordinal))
        {
            // Unused low bits in the last character: decodes to the same bytes, but Entra compares the text.
            return AnchorParseResult.Fail(
                AnchorParseError.Invalid,
                $"The value is not canonical Base64 (unused bits are set); the canonical form of these bytes is {anchor.ToImmutableId()}. " +
                "Entra compares the text, so the non-canonical value would not match.",
                AnchorFormat.ImmutableId);
        }

        return AnchorParseResult.Ok(anchor, AnchorFormat.ImmutableId);
    }

    private static AnchorParseResult ParseHex(string text)
    {
        var body = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        var digits = new StringBuilder(32);
        foreach (var c in body)
        {
            if (Uri.IsHexDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or ':'))
            {
                return AnchorParseResult.Fail(
                    AnchorParseError.Invalid,
                    $"The value looks like hex but holds '{Printable(c)}'. Hex is 32 digits, optionally with 0x, spaces, hyphens or colons between bytes.",
                    AnchorFormat.Hex);
            }
        }

        if (digits.Length != 32)
        {
            return AnchorParseResult.Fail(
                AnchorParseError.Invalid,
                $"The value looks like hex but has {digits.Length} digits; an anchor is 16 bytes, 32 hex digits.",
                AnchorFormat.Hex);
        }

        return AnchorParseResult.Ok(SourceAnchor.FromBytes(Convert.FromHexString(digits.ToString())), AnchorFormat.Hex);
    }

    private static AnchorParseResult ParseLdapEscaped(string text)
    {
        var body = text;
        if (body.StartsWith('(') && body.EndsWith(')'))
        {
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            body = equals < 0 ? body[1..^1] : body[(equals + 1)..^1];
        }

        if (HasWhitespace(body))
        {
            return InnerWhitespace(AnchorFormat.LdapEscaped);
        }

        Span<byte> bytes = stackalloc byte[SourceAnchor.Length];
        var count = 0;
        for (var i = 0; i < body.Length; i += 3)
        {
            if (body[i] != '\\' || i + 2 >= body.Length || !Uri.IsHexDigit(body[i + 1]) || !Uri.IsHexDigit(body[i + 2]))
            {
                return AnchorParseResult.Fail(
                    AnchorParseError.Invalid,
                    "The value looks like LDAP-escaped bytes but is not a run of \\xx pairs. Example: \\c9\\8b\\91\\35\\6d\\19\\ea\\40\\97\\79\\88\\9d\\79\\b7\\53\\f0.",
                    AnchorFormat.LdapEscaped);
            }

            if (count == SourceAnchor.Length)
            {
                count++;
                break;
            }

            bytes[count++] = Convert.FromHexString(body.AsSpan(i + 1, 2))[0];
        }

        if (count != SourceAnchor.Length)
        {
            return AnchorParseResult.Fail(
                AnchorParseError.Invalid,
                $"The value looks like LDAP-escaped bytes but holds {(count > SourceAnchor.Length ? "more than 16" : count.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes; an anchor is 16 (\\xx written 16 times).",
                AnchorFormat.LdapEscaped);
        }

        return AnchorParseResult.Ok(SourceAnchor.FromBytes(bytes), AnchorFormat.LdapEscaped);
    }

    private static AnchorParseResult ParseConnectorSpaceDn(string text)
    {
        const string Example = "The connector-space DN is CN={48 hex digits}: the hex of the ImmutableId's characters, as ADSyncTools prints it.";
        var body = text.StartsWith("CN=", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        if (HasWhitespace(body))
        {
            return InnerWhitespace(AnchorFormat.ConnectorSpaceDn);
        }

        if (!body.StartsWith('{') || !body.EndsWith('}'))
        {
            return AnchorParseResult.Fail(AnchorParseError.Invalid, "The value starts like a connector-space DN but lacks its {braces}. " + Example, AnchorFormat.ConnectorSpaceDn);
        }

        var hex = body[1..^1];
        if (!IsHex(hex) || hex.Length != 48)
        {
            return AnchorParseResult.Fail(
                AnchorParseError.Invalid,
                $"The value looks like a connector-space DN but holds {hex.Length} characters between the braces{(IsHex(hex) ? string.Empty : ", not all hex")}; it must hold 48 hex digits. " + Example,
                AnchorFormat.ConnectorSpaceDn);
        }

        var immutableId = Encoding.ASCII.GetString(Convert.FromHexString(hex));
        var inner = ParseImmutableId(immutableId);
        return inner.Success
            ? AnchorParseResult.Ok(inner.Anchor, AnchorFormat.ConnectorSpaceDn)
            : AnchorParseResult.Fail(
                AnchorParseError.Invalid,
                "The value looks like a connector-space DN, but its hex does not spell a valid ImmutableId. " + Example,
                AnchorFormat.ConnectorSpaceDn);
    }

    private static AnchorParseResult InnerWhitespace(AnchorFormat format) => AnchorParseResult.Fail(
        AnchorParseError.Invalid,
        $"The value looks like {Article(format)} but holds whitespace inside it; remove the spaces or line breaks (a copy-paste often adds them).",
        format);

    private static string Article(AnchorFormat format) => format switch
    {
        AnchorFormat.Guid => "a GUID",
        AnchorFormat.ImmutableId => "an ImmutableId",
        AnchorFormat.Hex => "hex",
        AnchorFormat.LdapEscaped => "LDAP-escaped bytes",
        _ => "a connector-space DN",
    };

    private static bool LooksLikeSeparatedHex(string text)
    {
        // "c9 8b 91 …", "C9-8B-91-…" ([BitConverter]::ToString) or "c9:8b:…": byte pairs with one separator between.
        if (text.Length != 47)
        {
            return false;
        }

        var separator = text[2];
        if (separator is not (' ' or '-' or ':'))
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var ok = i % 3 == 2 ? text[i] == separator : Uri.IsHexDigit(text[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHex(string text) => text.Length > 0 && text.All(Uri.IsHexDigit);

    private static bool IsHexOr(string text, char extra) => text.All(c => Uri.IsHexDigit(c) || c == extra);

    private static bool IsBase64Like(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_' or '$' or '=' || char.IsWhiteSpace(c));

    private static bool HasWhitespace(string text) => text.Any(char.IsWhiteSpace);

    private static int CountTrailing(string text, char c)
    {
        var n = 0;
        for (var i = text.Length - 1; i >= 0 && text[i] == c; i--)
        {
            n++;
        }

        return n;
    }

    private static string Printable(char c) => char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();
}
