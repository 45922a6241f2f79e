using System.Globalization;
using System.Text;

namespace ImmutableId.ActiveDirectory;

/// <summary>RFC 4515 escaping of filter values.</summary>
internal static class LdapFilter
{
    /// <summary>Escapes <c>* ( ) \ NUL</c> (and every other control character) as <c>\XX</c> of their UTF-8 bytes.</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is '*' or '(' or ')' or '\\' or < 0x20 or 0x7f)
            {
                var count = rune.EncodeToUtf8(utf8);
                for (var i = 0; i < count; i++)
                {
                    builder.Append('\\').Append(utf8[i].ToString("x2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }
}
