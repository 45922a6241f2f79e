using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ImmutableId.Agent;

/// <summary>
/// <c>--sandbox</c>: the agent feeds the local sandbox (<c>dotnet run --project src/ImmutableId.Standalone</c>) from the
/// demo directory, so it can be watched before it is installed next to a DC. Environment variables and
/// command-line arguments still win (<c>--Agent:ApiBaseUrl=http://localhost:7080</c>, <c>Agent__RunOnce=true</c>…).
/// </summary>
internal static class AgentSandboxSettings
{
    public static HostApplicationBuilder UseLocalSandbox(this HostApplicationBuilder builder, string[] args)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Agent:Credential"] = nameof(AgentCredentialKind.Sandbox),
            ["Agent:ApiBaseUrl"] = "http://localhost:7071",
            ["Agent:Source"] = nameof(AgentSource.Ldif),
            ["Agent:LdifPath"] = Path.Combine(AppContext.BaseDirectory, "Demo", "demo-directory.ldif"),
            // A state of its own per run: the sandbox forgets everything when it stops, so the agent starts afresh too.
            ["Agent:StatePath"] = Path.Combine(Path.GetTempPath(), "immutableid-agent-sandbox", $"state-{Environment.ProcessId}.json"),
            ["Agent:DeltaInterval"] = "00:00:10",
        };
        // Above appsettings.json (which names a credential and an interval), below the environment and the command line.
        builder.Configuration.AddInMemoryCollection(defaults);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        return builder;
    }
}
