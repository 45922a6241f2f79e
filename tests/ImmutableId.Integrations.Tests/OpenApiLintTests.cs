using System.Text.Json;
using ImmutableId.Api.OpenApi;
using Microsoft.OpenApi;
using Xunit.Abstractions;

namespace ImmutableId.Integrations.Tests;

/// <summary>Both documents, as a deployed API serves them, linted by Redocly CLI and Spectral (tests/servers/openapi-lint).</summary>
public sealed class OpenApiLintTests(ITestOutputHelper output) : IDisposable
{
    private const string Server = "https://func-immutableid.azurewebsites.net/api";
    private static readonly OpenApiSecuritySettings Security = new("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555", "api://immutableid");
    private readonly string _directory = Directory.CreateTempSubdirectory("immutableid-lint-").FullName;

    public static TheoryData<string> Versions => ["v3", "v2"];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Redocly_EachDocument_HasNoErrors(string version)
    {
        var file = await WriteAsync(version);
        var redocly = Repository.Tool("REDOCLY_PATH", "tests/servers/openapi-lint/node_modules/.bin/redocly", "tests/servers/openapi-lint/install.sh");

        var run = await ProcessRun.StartAsync(redocly, ["lint", file, "--config", Path.Combine(Repository.Integrations, "openapi", "redocly.yaml"), "--format", "json"]);

        output.WriteLine(run.ToString());
        using var report = JsonDocument.Parse(run.StandardOutput[run.StandardOutput.IndexOf('{', StringComparison.Ordinal)..]);
        var totals = report.RootElement.GetProperty("totals");
        var problems = report.RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}")
            .ToList();
        Assert.True(totals.GetProperty("errors").GetInt32() == 0, string.Join('\n', problems));
        Assert.Equal(0, run.ExitCode);
        AssertOnlyListedWarnings("redocly", version, problems.Where(p => p.StartsWith("warn", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Spectral_EachDocument_HasNoErrors(string version)
    {
        var file = await WriteAsync(version);
        var spectral = Repository.Tool("SPECTRAL_PATH", "tests/servers/openapi-lint/node_modules/.bin/spectral", "tests/servers/openapi-lint/install.sh");

        var run = await ProcessRun.StartAsync(spectral, ["lint", file, "--ruleset", Path.Combine(Repository.Integrations, "openapi", ".spectral.yaml"), "--format", "json", "--quiet"]);

        output.WriteLine(run.ToString());
        var text = run.StandardOutput.Trim();
        using var report = JsonDocument.Parse(text.Length == 0 ? "[]" : text);
        var results = report.RootElement.EnumerateArray()
            .Select(r => (Severity: r.GetProperty("severity").GetInt32(), Text: $"{r.GetProperty("code")}: {r.GetProperty("message").GetString()} at {string.Join('.', r.GetProperty("path").EnumerateArray())}"))
            .ToList();
        Assert.True(results.All(r => r.Severity != 0), string.Join('\n', results.Select(r => r.Text)));
        Assert.Equal(0, run.ExitCode);
        AssertOnlyListedWarnings("spectral", version, results.Where(r => r.Severity == 1).Select(r => "warn " + r.Text));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Every warning left must be one README.md justifies (listed there as `tool` `version` `rule`).</summary>
    private static void AssertOnlyListedWarnings(string tool, string version, IEnumerable<string> warnings)
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Integrations, "openapi", "README.md"));
        var unlisted = warnings.Where(w => !readme.Contains($"| {tool} | {version} | `{w.Split(' ')[1].TrimEnd(':')}` |", StringComparison.Ordinal)).ToList();
        Assert.True(unlisted.Count == 0, $"Unlisted {tool} warnings on {version} (fix them or justify them in integrations/openapi/README.md):\n{string.Join('\n', unlisted)}");
    }

    private async Task<string> WriteAsync(string version)
    {
        var json = await OpenApiDocumentFactory.WriteAsync(Server, version == "v2" ? OpenApiSpecVersion.OpenApi2_0 : OpenApiSpecVersion.OpenApi3_0, Security);
        var file = Path.Combine(_directory, $"{version}.json");
        await File.WriteAllTextAsync(file, json);
        return file;
    }
}
