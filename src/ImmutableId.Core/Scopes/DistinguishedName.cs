using System.Globalization;
using System.Text;

namespace ImmutableId.Core.Scopes;

/// <summary>
/// An LDAP distinguished name parsed per RFC 4514: RDNs split on unescaped commas, escapes (<c>\,</c>, <c>\\</c>,
/// <c>\2C</c>) decoded, spaces around separators ignored, attribute types and values compared case-insensitively
/// (as Active Directory does). Used to decide whether an object sits under an OU.
/// </summary>
public sealed class DistinguishedName
{
    private readonly string[] _rdns;

    private DistinguishedName(string[] rdns) => _rdns = rdns;

    /// <summary>The normalized RDNs, leaf first (<c>cn=a, b</c> → <c>cn=a\2c b</c> is kept as type=value text).</summary>
    public IReadOnlyList<string> Rdns => _rdns;

    /// <summary>Parses <paramref name="text"/>; false for an empty or malformed DN (a dangling escape, an RDN without '=').</summary>
    public static bool TryParse(string? text, out DistinguishedName? name)
    {
        name = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var rdns = new List<string>();
        var current = new StringBuilder();
        var attributes = new List<string>();
        var i = 0;
        while (i <= text.Length)
        {
            if (i == text.Length || text[i] is ',' or ';')
            {
                if (!TryAttribute(current.ToString(), out var attribute))
                {
                    return false;
                }

                attributes.Add(attribute);
                attributes.Sort(StringComparer.Ordinal);
                rdns.Add(string.Join("+", attributes));
                attributes.Clear();
                current.Clear();
                i++;
                continue;
            }

            if (text[i] == '+')
            {
                if (!TryAttribute(current.ToString(), out var attribute))
                {
                    return false;
                }

                attributes.Add(attribute);
                current.Clear();
                i++;
                continue;
            }

            if (text[i] == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    return false;
                }

                if (i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
                {
                    // \2C: one byte of a UTF-8 sequence; collect consecutive pairs and decode them together.
                    var bytes = new List<byte>();
                    while (i + 2 < text.Length && text[i] == '\\' && IsHex(text[i + 1]) && IsHex(text[i + 2]))
                    {
                        bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 3;
                    }

                    current.Append('\u0001').Append(Encoding.UTF8.GetString([.. bytes])).Append('\u0002');
                    continue;
                }

                current.Append('\u0001').Append(text[i + 1]).Append('\u0002');
                i += 2;
                continue;
            }

            current.Append(text[i]);
            i++;
        }

        name = new DistinguishedName([.. rdns]);
        return true;
    }

    /// <summary>True when this DN is strictly below <paramref name="ancestor"/> (whole RDNs, never a partial match).</summary>
    public bool IsUnder(DistinguishedName ancestor)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        if (_rdns.Length <= ancestor._rdns.Length)
        {
            return false;
        }

        var offset = _rdns.Length - ancestor._rdns.Length;
        for (var k = 0; k < ancestor._rdns.Length; k++)
        {
            if (!string.Equals(_rdns[offset + k], ancestor._rdns[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(",", _rdns);

    // "type=value": the type trimmed and lower-cased; the value with unescaped outer spaces trimmed, escapes
    // resolved, lower-cased; an escaped character is kept as itself (the markers only protect it from trimming).
    private static bool TryAttribute(string raw, out string attribute)
    {
        attribute = string.Empty;
        var equals = raw.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return false;
        }

        var type = raw[..equals].Trim();
        if (type.Length == 0 || type.Contains('\u0001', StringComparison.Ordinal))
        {
            return false;
        }

        var value = raw[(equals + 1)..].Trim(' ').Replace("\u0001", string.Empty, StringComparison.Ordinal).Replace("\u0002", string.Empty, StringComparison.Ordinal);
        attribute = type.ToLowerInvariant() + "=" + value.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("+", "\\+", StringComparison.Ordinal);
        return true;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
