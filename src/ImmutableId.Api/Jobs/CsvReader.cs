using System.Text;

namespace ImmutableId.Api.Jobs;

/// <summary>RFC 4180 CSV: comma-separated, fields optionally in double quotes (<c>""</c> inside for one quote), CRLF or LF.</summary>
internal static class CsvReader
{
    /// <summary>One record and its 1-based line number (of its first line).</summary>
    public sealed record Line(int Number, IReadOnlyList<string> Fields);

    public static IReadOnlyList<Line> Parse(string text, out string? error)
    {
        error = null;
        var lines = new List<Line>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var lineNumber = 1;
        var recordStart = 1;
        var quoted = false;
        var fieldWasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        lineNumber++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !fieldWasQuoted:
                    quoted = true;
                    fieldWasQuoted = true;
                    break;
                case '"':
                    error = $"Line {lineNumber}: a double quote inside an unquoted field; quote the field and double the quote (\"\").";
                    return [];
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldWasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    lines.Add(new Line(recordStart, fields.ToList()));
                    fields.Clear();
                    field.Clear();
                    fieldWasQuoted = false;
                    lineNumber++;
                    recordStart = lineNumber;
                    break;
                default:
                    if (fieldWasQuoted)
                    {
                        error = $"Line {lineNumber}: text after a closing double quote; a quoted field ends at its quote.";
                        return [];
                    }

                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            error = $"Line {recordStart}: a quoted field is never closed.";
            return [];
        }

        if (field.Length > 0 || fields.Count > 0 || fieldWasQuoted)
        {
            fields.Add(field.ToString());
            lines.Add(new Line(recordStart, fields.ToList()));
        }

        return lines;
    }

    /// <summary>
    /// A field for a CSV an administrator opens in a spreadsheet: quoted when needed; text a caller chose (user, ticket,
    /// detail) is never read as a formula (OWASP CSV injection: a leading = + - @ gets a '), nor are its look-alikes
    /// (full-width, small, superscript and other compatibility forms, which a spreadsheet or a later NFKC step may
    /// fold to them, and the Unicode dashes and minus sign). Values we generate (ids, Base64 anchors, which may start
    /// with '+') are written as they are.
    /// </summary>
    public static string Field(string? value, bool callerText = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (callerText && StartsLikeAFormula(value))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static bool StartsLikeAFormula(string value)
    {
        if (IsFormulaStart(value[0]))
        {
            return true;
        }

        if (char.IsAscii(value[0]))
        {
            return false;
        }

        // The first text element after compatibility normalisation (U+FF1D '＝' is '=', U+207A '⁺' is '+').
        var first = value[..System.Globalization.StringInfo.GetNextTextElementLength(value)];
        string folded;
        try
        {
            folded = first.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // A lone surrogate: not a character a spreadsheet reads as an operator.
            return false;
        }

        return folded.Length > 0 && (IsFormulaStart(folded[0]) || char.GetUnicodeCategory(folded[0]) == System.Globalization.UnicodeCategory.DashPunctuation || folded[0] == '\u2212');
    }

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';
}
