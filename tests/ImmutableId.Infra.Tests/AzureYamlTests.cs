using System.Text.RegularExpressions;

namespace ImmutableId.Infra.Tests;

/// <summary>azure.yaml: the one service and the postprovision hook on both OS families.</summary>
public sealed class AzureYamlTests
{
    private static readonly string Yaml = File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, "azure.yaml"));

    [Fact]
    public void Service_Api_IsTheFunctionsProject()
    {
        Assert.Matches(new Regex(@"services:\s*\n\s+api:\s*\n\s+project: \./src/ImmutableId\.Functions\s*\n\s+language: dotnet\s*\n\s+host: function"), Yaml);
        Assert.True(File.Exists(Path.Combine(BicepCli.RepositoryRoot, "src", "ImmutableId.Functions", "ImmutableId.Functions.csproj")));
    }

    [Theory]
    [InlineData("posix")]
    [InlineData("windows")]
    public void PostprovisionHook_EachOs_RunsTheGrantScriptWithPwsh(string os)
    {
        var hook = new Regex($@"postprovision:(?:.|\n)*?{os}:\s*\n\s+shell: pwsh\s*\n\s+run: (?<script>\S+)");

        var match = hook.Match(Yaml);

        Assert.True(match.Success, $"no {os} postprovision hook with shell pwsh");
        Assert.Equal("./infra/scripts/grant-graph-permissions.ps1", match.Groups["script"].Value);
        Assert.True(File.Exists(Path.Combine(BicepCli.RepositoryRoot, "infra", "scripts", "grant-graph-permissions.ps1")));
    }
}
