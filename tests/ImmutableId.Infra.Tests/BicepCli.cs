using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ImmutableId.Infra.Tests;

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine NuGet package, run offline.</summary>
internal static partial class BicepCli
{
    /// <summary>The repository root (holds infra/).</summary>
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>The infra folder.</summary>
    public static string InfraDirectory { get; } = Path.Combine(RepositoryRoot, "infra");

    private static string ExecutablePath { get; } = Metadata("BicepPath");

    /// <summary>Runs bicep with the given arguments and returns its exit code, stdout and stderr.</summary>
    public static async Task<BicepRun> RunAsync(IEnumerable<string> arguments, string? workingDirectory = null)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Bicep CLI not found at {ExecutablePath}: restore tests/ImmutableId.Infra.Tests (NuGet package Azure.Bicep.CommandLine.linux-x64).");
        }

        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? InfraDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Keep the CLI offline and quiet: no telemetry, no update checks.
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new BicepRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Diagnostic lines (errors, warnings, infos: linter rules and type checks) in bicep's output.</summary>
    public static IReadOnlyList<string> Diagnostics(string output) =>
        output.Split('\n').Where(line => DiagnosticLine().IsMatch(line)).ToList();

    [GeneratedRegex(@"\(\d+,\d+\)\s*:\s*(Error|Warning|Info)\b")]
    private static partial Regex DiagnosticLine();

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} missing");
}
