using System.Diagnostics;

namespace ImmutableId.Infra.Tests;

/// <summary>Runs infra/scripts/grant-graph-permissions.ps1 with PowerShell 7 (PWSH_PATH, from tests/servers/pwsh).</summary>
internal static class GrantGraphPermissionsScript
{
    private static readonly string ScriptPath =
        Path.Combine(BicepCli.InfraDirectory, "scripts", "grant-graph-permissions.ps1");

    /// <summary>Runs the script with these arguments and the Graph token in GRAPH_ACCESS_TOKEN (never on the command line).</summary>
    public static Task<PowerShellRun> RunAsync(string accessToken, params string[] arguments) =>
        RunAsync(new Dictionary<string, string?> { ["GRAPH_ACCESS_TOKEN"] = accessToken }, arguments);

    /// <summary>
    /// Runs the script as the postprovision hook would: these environment variables (null removes one) on top of a
    /// clean slate (no GRAPH_ACCESS_TOKEN, no azd outputs, no AZURE_TENANT_ID), and these arguments.
    /// </summary>
    public static async Task<PowerShellRun> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var pwsh = Environment.GetEnvironmentVariable("PWSH_PATH");
        Assert.False(string.IsNullOrEmpty(pwsh) || !File.Exists(pwsh),
            "PWSH_PATH is not set or missing (PowerShell 7 from tests/servers/pwsh): start the servers with ./test.sh, or source $IMMUTABLEID_TEST_ENV");

        var start = new ProcessStartInfo(pwsh!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = BicepCli.RepositoryRoot,
        };
        foreach (var argument in (string[])["-NoLogo", "-NoProfile", "-NonInteractive", "-File", ScriptPath, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in (string[])["GRAPH_ACCESS_TOKEN", "MANAGED_IDENTITY_CLIENT_ID", "MANAGED_IDENTITY_PRINCIPAL_ID", "GRAPH_BASE_URL", "AZURE_TENANT_ID", "CLOUD_SYNC_SERVICE_PRINCIPAL_ID", "ON_PREM_CONNECTIVITY"])
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pwsh did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new PowerShellRun(process.ExitCode, await stdout, await stderr);
    }
}
