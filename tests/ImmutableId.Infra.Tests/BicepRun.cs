namespace ImmutableId.Infra.Tests;

/// <summary>The outcome of one bicep invocation.</summary>
internal sealed record BicepRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Every diagnostic bicep printed, from either stream.</summary>
    public IReadOnlyList<string> Diagnostics =>
        [.. BicepCli.Diagnostics(StandardError), .. BicepCli.Diagnostics(StandardOutput)];
}
