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
}
