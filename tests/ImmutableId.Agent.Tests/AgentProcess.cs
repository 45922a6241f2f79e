using System.Diagnostics;
using System.Text.RegularExpressions;
using ImmutableId.Testing;

namespace ImmutableId.Agent.Tests;

/// <summary>The agent as an operating-system process (<c>dotnet ImmutableId.Agent.dll</c>), one cycle per run (Agent:RunOnce).</summary>
internal static partial class AgentProcess
{
    /// <summary>The agent built next to this test assembly's configuration (Debug or Release).</summary>
    public static string AgentDirectory => BuildOutput.Of("ImmutableId.Agent");

    /// <summary>Runs one cycle; returns the exit code, the output and the cycle's summary.</summary>
    public static async Task<AgentRun> RunOnceAsync(IReadOnlyDictionary<string, string> settings, TimeSpan? timeout = null, IReadOnlyList<string>? arguments = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AgentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AgentDirectory, "ImmutableId.Agent.dll"));
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Agent__RunOnce"] = "true";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The agent did not finish its cycle: " + await output);
        }

        var text = await output + await error;
        var match = CycleLine().Match(text);
        return new AgentRun(
            process.ExitCode,
            text,
            match.Success ? match.Groups["kind"].Value : null,
            match.Success ? int.Parse(match.Groups["entries"].Value, System.Globalization.CultureInfo.InvariantCulture) : -1);
    }

    [GeneratedRegex(@"Cycle (?<kind>full|delta) done: (?<entries>\d+) entries")]
    private static partial Regex CycleLine();
}

/// <summary>One agent run.</summary>
/// <param name="ExitCode">0 when the cycle succeeded.</param>
/// <param name="Output">Everything it printed.</param>
/// <param name="Kind">full or delta.</param>
/// <param name="Entries">Entries it posted.</param>
internal sealed record AgentRun(int ExitCode, string Output, string? Kind, int Entries);
