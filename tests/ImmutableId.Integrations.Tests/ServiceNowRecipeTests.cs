using Xunit.Abstractions;

namespace ImmutableId.Integrations.Tests;

/// <summary>integrations/servicenow/recipe-calls.sh — the recipe's HTTP calls, in its order — against the sandbox.</summary>
public sealed class ServiceNowRecipeTests(SandboxServer sandbox, ITestOutputHelper output) : IClassFixture<SandboxServer>
{
    [Fact]
    public async Task RecipeCalls_AgainstTheSandbox_AnswerAsDocumented()
    {
        var run = await ProcessRun.StartAsync("bash", [Path.Combine(Repository.Integrations, "servicenow", "recipe-calls.sh")],
            environment: new Dictionary<string, string?> { ["IMMUTABLEID_API"] = sandbox.BaseUrl + "/api" });

        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("servicenow recipe: every call answered as documented", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("set_retried: PUT", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("set_second_user: PUT", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("work note: ImmutableId refused the hard match for diego.siciliani@contoso.com: PrivilegedTarget", run.StandardOutput, StringComparison.Ordinal);
    }
}
