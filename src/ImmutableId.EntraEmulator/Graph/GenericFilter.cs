using System.Text.Json.Nodes;

namespace ImmutableId.EntraEmulator.Graph;

/// <summary>Evaluates a <see cref="FilterNode"/> against a JSON object (role assignments, service principals…), strings case-insensitively.</summary>
internal static class GenericFilter
{
    public static FilterNode? Parse(string? filter, params string[] properties) =>
        string.IsNullOrWhiteSpace(filter)
            ? null
            : ODataFilterParser.Parse(filter, name => Array.Find(properties, p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase)));

    public static bool Matches(FilterNode? node, JsonObject item) => node switch
    {
        null => true,
        EqualsNode eq => Equal(item[eq.Property], eq.Value),
        InNode @in => @in.Values.Any(v => Equal(item[@in.Property], v)),
        StartsWithNode sw => item[sw.Property] is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith(sw.Prefix, StringComparison.OrdinalIgnoreCase),
        LogicalNode { IsAnd: true } and => Matches(and.Left, item) && Matches(and.Right, item),
        LogicalNode or => Matches(or.Left, item) || Matches(or.Right, item),
        _ => false,
    };

    private static bool Equal(JsonNode? actual, object? literal) => (actual, literal) switch
    {
        (null, null) => true,
        (JsonValue v, string s) when v.TryGetValue<string>(out var a) => string.Equals(a, s, StringComparison.OrdinalIgnoreCase),
        (JsonValue v, bool b) when v.TryGetValue<bool>(out var a) => a == b,
        _ => false,
    };
}
