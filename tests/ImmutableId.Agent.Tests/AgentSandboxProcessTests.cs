using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImmutableId.Standalone.Tests.Jobs;

namespace ImmutableId.Agent.Tests;

/// <summary>
/// <c>--sandbox</c>: the agent process feeds a sandbox host process from the demo directory with the sandbox's own
/// tokens, as an administrator tries it before installing the agent next to a DC (README, docs/agent.md).
/// </summary>
public sealed class AgentSandboxProcessTests
{
    [Fact]
    public async Task Agent_SandboxSwitch_PostsTheDemoDirectoryToTheSandbox()
    {
        var temp = Directory.CreateTempSubdirectory("immutableid-agent-sandbox-").FullName;
        try
        {
            await using var sandbox = await StandaloneProcess.StartAsync(new Dictionary<string, string?>
            {
                ["TMPDIR"] = temp,
                ["Telemetry:Exporter"] = "None",
            });

            var run = await AgentProcess.RunOnceAsync(
                new Dictionary<string, string> { ["Agent:ApiBaseUrl"] = sandbox.BaseUrl, ["TMPDIR"] = temp },
                arguments: ["--sandbox"]);

            Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}:\n{run.Output}\nsandbox:\n{sandbox.Output}");
            Assert.Equal("full", run.Kind);
            Assert.Equal(12, run.Entries);
            using var client = new HttpClient { BaseAddress = new Uri(sandbox.BaseUrl) };
            using var minted = await client.PostAsJsonAsync("/_sandbox/token", new { roles = new[] { "ImmutableId.Read" } });
            using var token = JsonDocument.Parse(await minted.Content.ReadAsStringAsync());
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("access_token").GetString());
            using var agents = JsonDocument.Parse(await client.GetStringAsync("/api/agents"));
            var agent = Assert.Single(agents.RootElement.GetProperty("agents").EnumerateArray());
            Assert.Equal("sandbox-agent", agent.GetProperty("id").GetString());
            Assert.Equal(12, agent.GetProperty("entryCount").GetInt32());
            Assert.False(agent.GetProperty("stale").GetBoolean());
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task Agent_SandboxSwitchWithARemoteApi_ExitsTwoWithoutAskingForAToken()
    {
        var run = await AgentProcess.RunOnceAsync(
            new Dictionary<string, string> { ["Agent:ApiBaseUrl"] = "https://immutableid.example" },
            arguments: ["--sandbox"]);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Output}");
        Assert.Contains("Agent:Credential=Sandbox takes its token from the local sandbox", run.Output, StringComparison.Ordinal);
    }
}
