using System.Reflection;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace ImmutableId.Integrations.Tests;

/// <summary>
/// The PowerShell module's Pester tests (integrations/powershell/tests) against the sandbox, under the PowerShell
/// 7.6.9 that tests/servers/pwsh installs, with Pester 5 from NuGet (the PowerShell Gallery is not reachable here).
/// </summary>
public sealed partial class PowerShellModuleTests(SandboxServer sandbox, ITestOutputHelper output) : IClassFixture<SandboxServer>
{
    private static readonly string PesterModule = Path.Combine(
        typeof(PowerShellModuleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PesterPath").Value!,
        "tools", "Pester.psd1");

    [Fact]
    public async Task PesterTests_AgainstTheSandbox_AllPass()
    {
        var pwsh = Repository.Tool("PWSH_PATH", ".tools/pwsh/pwsh", "tests/servers/pwsh/install.sh");
        Assert.True(File.Exists(PesterModule), $"Pester is missing at {PesterModule}: dotnet restore brings it from NuGet.");
        var tests = Path.Combine(Repository.Integrations, "powershell", "tests");
        var script = $$"""
            Import-Module '{{PesterModule}}' -MinimumVersion 5.7 -Force -ErrorAction Stop
            $config = New-PesterConfiguration
            $config.Run.Path = '{{tests}}'
            $config.Run.PassThru = $true
            $config.Output.Verbosity = 'Detailed'
            $result = Invoke-Pester -Configuration $config
            "PESTER passed=$($result.PassedCount) failed=$($result.FailedCount) skipped=$($result.SkippedCount) notrun=$($result.NotRunCount)"
            exit $result.FailedCount
            """;

        var run = await ProcessRun.StartAsync(pwsh, ["-NoLogo", "-NoProfile", "-NonInteractive", "-Command", script],
            environment: new Dictionary<string, string?> { ["IMMUTABLEID_SANDBOX_URL"] = sandbox.BaseUrl }, timeout: TimeSpan.FromMinutes(4));

        output.WriteLine(run.ToString());
        var summary = Summary().Match(run.StandardOutput);
        Assert.True(summary.Success, "Pester printed no summary:\n" + run);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("0", summary.Groups["failed"].Value);
        Assert.Equal("0", summary.Groups["skipped"].Value);
        Assert.Equal("0", summary.Groups["notrun"].Value);
        Assert.True(int.Parse(summary.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 15, run.StandardOutput);
    }

    [GeneratedRegex(@"PESTER passed=(?<passed>\d+) failed=(?<failed>\d+) skipped=(?<skipped>\d+) notrun=(?<notrun>\d+)")]
    private static partial Regex Summary();
}
