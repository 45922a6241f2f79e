namespace ImmutableId.Infra.Tests;

/// <summary>A list item with its own properties.</summary>
internal sealed class SampleRule
{
    public string? Group { get; set; }
}
