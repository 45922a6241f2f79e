using System.Diagnostics;

namespace ImmutableId.Infra.Tests;

/// <summary>
/// tests/scripts/run-dotnet-test.sh, which ./test.sh runs the test command through: a test command that fails,
/// crashes or reports nothing must fail the run.
/// </summary>
public sealed class TestRunScriptTests
{
    private static readonly string Script = Path.Combine(BicepCli.RepositoryRoot, "tests", "scripts", "run-dotnet-test.sh");

    [Theory]
    [InlineData("echo '  Total tests: 3'; kill -SEGV $$")]
    [InlineData("echo '  Total tests: 3'; exit 1")]
    [InlineData("exit 0")]
    [InlineData("echo 'Build succeeded.'")]
    public async Task Run_CommandThatCrashesFailsOrReportsNothing_ExitsNonZero(string command)
    {
        var (exitCode, output) = await RunAsync(command);

        Assert.True(exitCode != 0, $"expected a failure for `{command}`, got exit 0:\n{output}");
    }

    [Fact]
    public async Task Run_CommandThatPassesAndReports_ExitsZeroAndHidesPassedLines()
    {
        var (exitCode, output) = await RunAsync("printf '  Passed Some.Test [1 ms]\\n  Total tests: 1\\n       Passed: 1\\n'");

        Assert.Equal(0, exitCode);
        Assert.Contains("Total tests: 1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Passed Some.Test", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command)
    {
        var log = Path.Combine(Path.GetTempPath(), $"run-dotnet-test-{Guid.NewGuid():N}.log");
        try
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { Script, log, "bash", "-c", command })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            File.Delete(log);
        }
    }
}
