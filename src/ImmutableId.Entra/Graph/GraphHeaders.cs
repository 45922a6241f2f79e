namespace ImmutableId.Entra.Graph;

/// <summary>Reading one header of a Graph answer as the SDK hands them over (names case-insensitive).</summary>
internal static class GraphHeaders
{
    /// <summary>The first value of header <paramref name="name"/>, or null.</summary>
    public static string? Value(IDictionary<string, IEnumerable<string>>? headers, string name) =>
        headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}
