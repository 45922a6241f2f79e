namespace ImmutableId.Agent.Tests;

/// <summary>The agent process started with settings missing: a clear list of what to fix, no stack trace, exit code 2.</summary>
public sealed class AgentConfigurationProcessTests
{
    [Fact]
    public async Task Agent_MissingApiSettings_ExitsTwoNamingEachSetting_WithoutAStackTrace()
    {
        var run = await AgentProcess.RunOnceAsync(new Dictionary<string, string>
        {
            ["Agent:Source"] = "Ldif",
            ["Agent:LdifPath"] = "/nonexistent/export.ldif",
            ["Agent:ApiBaseUrl"] = string.Empty,
            ["Agent:ApiScope"] = string.Empty,
        });

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Output}");
        Assert.Contains("the configuration is not valid", run.Output, StringComparison.Ordinal);
        Assert.Contains("Agent:ApiBaseUrl is required", run.Output, StringComparison.Ordinal);
        Assert.Contains("Agent:ApiScope is required", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Started as a newcomer does (<c>dotnet run</c>, the default source: a DC): each missing setting (the API's and the DC's) is
    /// listed once, not once for the agent's settings and again for the LDAP check that reads them.
    /// </summary>
    [Fact]
    public async Task Agent_NoApiSettingsWithTheDefaultSource_ListsEachFailureOnce()
    {
        var run = await AgentProcess.RunOnceAsync(new Dictionary<string, string>
        {
            ["Agent:ApiBaseUrl"] = string.Empty,
            ["Agent:ApiScope"] = string.Empty,
        });

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Output}");
        var failures = run.Output.Split('\n').Where(l => l.StartsWith("  - ", StringComparison.Ordinal)).ToArray();
        Assert.Contains(failures, f => f.Contains("Agent:ApiBaseUrl is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("OnPrem:Server", StringComparison.Ordinal));
        Assert.Equal(failures.Length, failures.Distinct(StringComparer.Ordinal).Count());
    }
}
