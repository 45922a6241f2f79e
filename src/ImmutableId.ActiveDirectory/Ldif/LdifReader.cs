using System.Text;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.ActiveDirectory.Ldif;

/// <summary>
/// Reads RFC 2849 LDIF content records as written by <c>ldifde -f</c> and <c>ldapsearch -LLL</c>: <c>version: 1</c>,
/// comments, folded lines, Base64 values (<c>::</c>), multi-valued attributes, LF or CRLF line ends.
/// </summary>
internal static class LdifReader
{
    /// <exception cref="OnPremDirectoryException">The content is not LDIF (<see cref="OnPremFailure.Misconfigured"/>).</exception>
    public static IReadOnlyList<DirectoryEntryData> Read(TextReader reader)
    {
        var entries = new List<DirectoryEntryData>();
        var record = new List<(string Line, int Number)>();
        var lineNumber = 0;
        string? raw;
        while ((raw = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (raw.Length == 0)
            {
                Flush(record, entries);
                continue;
            }

            if (raw[0] == ' ')
            {
                // A folded line continues the previous one, the leading space dropped (also inside comments).
                if (record.Count == 0)
                {
                    throw Invalid(lineNumber, "a continuation line with nothing to continue");
                }

                var last = record[^1];
                record[^1] = (last.Line + raw[1..], last.Number);
                continue;
            }

            record.Add((raw, lineNumber));
        }

        Flush(record, entries);
        return entries;
    }

    private static void Flush(List<(string Line, int Number)> record, List<DirectoryEntryData> entries)
    {
        var lines = record.Where(l => l.Line[0] != '#').ToList();
        record.Clear();
        if (lines.Count == 0)
        {
            return;
        }

        if (lines[0].Line.StartsWith("version:", StringComparison.OrdinalIgnoreCase))
        {
            lines.RemoveAt(0);
            if (lines.Count == 0)
            {
                return;
            }
        }

        var (dnName, dnValue) = Parse(lines[0].Line, lines[0].Number);
        if (!string.Equals(dnName, "dn", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(lines[0].Number, $"a record must start with dn:, not '{dnName}:'");
        }

        var attributes = new Dictionary<string, List<byte[]>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, number) in lines.Skip(1))
        {
            var (name, value) = Parse(line, number);
            if (string.Equals(name, "changetype", StringComparison.OrdinalIgnoreCase) || name == "-")
            {
                continue;
            }

            // Attribute options (;binary, ;lang-x) do not change which attribute it is.
            var semicolon = name.IndexOf(';', StringComparison.Ordinal);
            if (semicolon > 0)
            {
                name = name[..semicolon];
            }

            if (!attributes.TryGetValue(name, out var values))
            {
                attributes[name] = values = [];
            }

            values.Add(value);
        }

        entries.Add(new DirectoryEntryData(
            Encoding.UTF8.GetString(dnValue),
            attributes.ToDictionary(a => a.Key, a => (IReadOnlyList<byte[]>)a.Value, StringComparer.OrdinalIgnoreCase)));
    }

    private static (string Name, byte[] Value) Parse(string line, int number)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw Invalid(number, "expected 'attribute: value'");
        }

        var name = line[..colon].Trim();
        var rest = line[(colon + 1)..];
        if (rest.StartsWith(':'))
        {
            try
            {
                return (name, Convert.FromBase64String(rest[1..].Trim()));
            }
            catch (FormatException)
            {
                throw Invalid(number, $"the Base64 value of '{name}' is not valid Base64");
            }
        }

        if (rest.StartsWith('<'))
        {
            throw Invalid(number, $"'{name}:<' URL values are not supported; export the value inline");
        }

        return (name, Encoding.UTF8.GetBytes(rest.TrimStart(' ')));
    }

    private static OnPremDirectoryException Invalid(int line, string what) =>
        new(OnPremFailure.Misconfigured, $"The LDIF snapshot is not valid at line {line}: {what}.");
}
