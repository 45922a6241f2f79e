namespace ImmutableId.EntraEmulator.Graph;

/// <summary>A parsed OData <c>$filter</c> (the subset Graph's directory endpoints accept and we emulate).</summary>
internal abstract record FilterNode
{
    /// <summary>The property names the filter reads.</summary>
    public abstract IEnumerable<string> Properties { get; }
}

/// <summary><c>property eq literal</c> (the literal is a string, bool or null).</summary>
internal sealed record EqualsNode(string Property, object? Value) : FilterNode
{
    public override IEnumerable<string> Properties => [Property];
}

/// <summary><c>property in ('a', 'b')</c>.</summary>
internal sealed record InNode(string Property, IReadOnlyList<object?> Values) : FilterNode
{
    public override IEnumerable<string> Properties => [Property];
}

/// <summary><c>startswith(property, 'prefix')</c>.</summary>
internal sealed record StartsWithNode(string Property, string Prefix) : FilterNode
{
    public override IEnumerable<string> Properties => [Property];
}

/// <summary><c>left and right</c> / <c>left or right</c>.</summary>
internal sealed record LogicalNode(bool IsAnd, FilterNode Left, FilterNode Right) : FilterNode
{
    public override IEnumerable<string> Properties => Left.Properties.Concat(Right.Properties);
}
