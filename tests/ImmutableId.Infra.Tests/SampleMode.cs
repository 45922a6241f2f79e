namespace ImmutableId.Infra.Tests;

/// <summary>An enum option.</summary>
internal enum SampleMode
{
    First,
    Second,
}
