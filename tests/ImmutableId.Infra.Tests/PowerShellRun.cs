namespace ImmutableId.Infra.Tests;

/// <summary>The outcome of one PowerShell script run.</summary>
internal sealed record PowerShellRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
