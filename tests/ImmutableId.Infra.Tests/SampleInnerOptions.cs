namespace ImmutableId.Infra.Tests;

/// <summary>A nested options object.</summary>
internal sealed class SampleInnerOptions
{
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
