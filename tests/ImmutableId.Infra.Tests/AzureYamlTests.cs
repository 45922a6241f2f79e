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

    [Theory]
    [InlineData("posix")]
    [InlineData("windows")]
    public void PostprovisionHook_EachOs_ARefusedGrantDoesNotStopAzdUp(string os)
    {
        // azd: continueOnError "continues execution even if a script error occurs during a command hook"; the script
        // exits 1 when Graph refuses the grant, after printing what an administrator runs.
        var hook = new Regex($@"postprovision:(?:.|\n)*?{os}:\s*\n(?<body>(?:\s{{6,}}\S.*\n?)+)");

        var match = hook.Match(Yaml);

        Assert.True(match.Success, $"no {os} postprovision hook");
        Assert.Matches(new Regex(@"^\s+continueOnError: true\s*$", RegexOptions.Multiline), match.Groups["body"].Value);
    }

    [Fact]
    public void RequiredVersions_Azd_AtLeastTheFirstThatSubstitutesArrayParameters()
    {
        // azd 1.23.4 (Azure/azure-dev#6694): environment variable substitution for array and object Bicep parameters,
        // which ALLOWED_UPN_DOMAINS and ALLOWED_ORGANIZATIONAL_UNITS need.
        var match = new Regex(@"^requiredVersions:\s*\n\s+azd: '(?<range>[^']+)'", RegexOptions.Multiline).Match(Yaml);

        Assert.True(match.Success, "azure.yaml declares no requiredVersions.azd");
        Assert.Equal(">= 1.23.4", match.Groups["range"].Value);
        var parameters = File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "main.parameters.json"));
        Assert.Contains("\"${ALLOWED_UPN_DOMAINS}\"", parameters, StringComparison.Ordinal);
    }
}
