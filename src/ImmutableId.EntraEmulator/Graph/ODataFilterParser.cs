using System.Text;

namespace ImmutableId.EntraEmulator.Graph;

/// <summary>
/// Parses the <c>$filter</c> subset: <c>eq</c>, <c>in</c>, <c>startswith()</c>, <c>and</c>, <c>or</c>, parentheses;
/// string literals with doubled single quotes, <c>null</c>, <c>true</c>/<c>false</c>. Anything else is a
/// <see cref="GraphQueryException"/> (400), never a crash.
/// </summary>
internal sealed class ODataFilterParser
{
    private const int MaxDepth = 32;
    private readonly string _text;
    private readonly Func<string, string?> _resolveProperty;
    private int _pos;
    private int _depth;

    private ODataFilterParser(string text, Func<string, string?> resolveProperty)
    {
        _text = text;
        _resolveProperty = resolveProperty;
    }

    /// <summary>Parses <paramref name="text"/>; <paramref name="resolveProperty"/> maps a name to its canonical form or null when unknown.</summary>
    /// <exception cref="GraphQueryException">Malformed, unsupported, or an unknown property.</exception>
    public static FilterNode Parse(string text, Func<string, string?> resolveProperty)
    {
        var parser = new ODataFilterParser(text, resolveProperty);
        var node = parser.ParseOr();
        parser.SkipWhitespace();
        if (parser._pos != text.Length)
        {
            throw Invalid($"syntax error at position {parser._pos}");
        }

        return node;
    }

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (TryKeyword("or"))
        {
            left = new LogicalNode(false, left, ParseAnd());
        }

        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParsePrimary();
        while (TryKeyword("and"))
        {
            left = new LogicalNode(true, left, ParsePrimary());
        }

        return left;
    }

    private FilterNode ParsePrimary()
    {
        SkipWhitespace();
        if (Peek() == '(')
        {
            if (++_depth > MaxDepth)
            {
                throw Invalid("the expression is nested too deeply");
            }

            _pos++;
            var inner = ParseOr();
            Expect(')');
            _depth--;
            return inner;
        }

        var name = ReadIdentifier();
        if (name.Length == 0)
        {
            throw Invalid($"syntax error at position {_pos}");
        }

        SkipWhitespace();
        if (Peek() == '(')
        {
            if (!string.Equals(name, "startswith", StringComparison.OrdinalIgnoreCase))
            {
                throw new GraphQueryException(GraphErrorCodes.RequestUnsupportedQuery, $"Unsupported Query. The function '{name}' is not supported.");
            }

            _pos++;
            var property = Property(ReadIdentifier());
            Expect(',');
            var prefix = ReadLiteral() as string ?? throw Invalid("startswith needs a string literal");
            Expect(')');
            return new StartsWithNode(property, prefix);
        }

        var prop = Property(name);
        var op = ReadIdentifier();
        switch (op.ToLowerInvariant())
        {
            case "eq":
                return new EqualsNode(prop, ReadLiteral());
            case "in":
                Expect('(');
                var values = new List<object?> { ReadLiteral() };
                SkipWhitespace();
                while (Peek() == ',')
                {
                    _pos++;
                    values.Add(ReadLiteral());
                    SkipWhitespace();
                }

                Expect(')');
                if (values.Count > 15)
                {
                    // Graph caps 'in' lists at 15 values.
                    throw Invalid("too many values in an 'in' clause (15 at most)");
                }

                return new InNode(prop, values);
            case "ne" or "gt" or "ge" or "lt" or "le" or "not" or "endswith" or "has":
                // Not emulated; Graph accepts some of these as advanced queries only.
                throw new GraphQueryException(GraphErrorCodes.RequestUnsupportedQuery, $"Unsupported Query. The emulator does not support the operator '{op}'.");
            case "":
                throw Invalid($"an operator is expected at position {_pos}");
            default:
                throw Invalid($"unknown operator '{op}'");
        }
    }

    private string Property(string name)
    {
        if (name.Length == 0)
        {
            throw Invalid($"a property name is expected at position {_pos}");
        }

        return _resolveProperty(name) ?? throw new GraphQueryException(
            GraphErrorCodes.BadRequest, $"Could not find a property named '{name}' on type 'microsoft.graph.directoryObject'.");
    }

    private object? ReadLiteral()
    {
        SkipWhitespace();
        if (Peek() == '\'')
        {
            _pos++;
            var value = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Invalid("unterminated string literal");
                }

                var c = _text[_pos++];
                if (c == '\'')
                {
                    if (Peek() == '\'')
                    {
                        value.Append('\'');
                        _pos++;
                        continue;
                    }

                    return value.ToString();
                }

                value.Append(c);
            }
        }

        var word = ReadIdentifier();
        return word.ToLowerInvariant() switch
        {
            "null" => null,
            "true" => true,
            "false" => false,
            _ when Guid.TryParse(word, out var guid) => guid.ToString(),
            _ => throw Invalid(word.Length == 0 ? $"a literal is expected at position {_pos}" : $"'{word}' is not a valid literal"),
        };
    }

    private bool TryKeyword(string keyword)
    {
        SkipWhitespace();
        var end = _pos + keyword.Length;
        if (end <= _text.Length &&
            string.Compare(_text, _pos, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
            (end == _text.Length || char.IsWhiteSpace(_text[end]) || _text[end] == '('))
        {
            _pos = end;
            return true;
        }

        return false;
    }

    private string ReadIdentifier()
    {
        SkipWhitespace();
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '/' or '.' or '-'))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private void Expect(char c)
    {
        SkipWhitespace();
        if (Peek() != c)
        {
            throw Invalid($"'{c}' expected at position {_pos}");
        }

        _pos++;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private static GraphQueryException Invalid(string why) =>
        new(GraphErrorCodes.BadRequest, $"Invalid filter clause: {why}.");
}
