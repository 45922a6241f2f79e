using System.Xml.Linq;
using Xunit.Abstractions;

namespace ImmutableId.Integrations.Tests;

/// <summary>
/// A typed client as an integrator makes one: Kiota (tests/servers/kiota) generates C# from the sandbox's
/// GET /api/openapi/v3.json at test time, a small program (KiotaClient/Driver.cs) is built with it and drives the
/// sandbox: convert, status, dry run, set, its audit record, clear, the paged operations list, and a refusal read as
/// the typed Problem with its code and blockers.
/// </summary>
public sealed class KiotaClientTests(SandboxServer sandbox, ITestOutputHelper output) : IClassFixture<SandboxServer>, IDisposable
{
    private static readonly string[] RuntimePackages =
    [
        "Microsoft.Kiota.Abstractions", "Microsoft.Kiota.Http.HttpClientLibrary", "Microsoft.Kiota.Serialization.Json",
        "Microsoft.Kiota.Serialization.Text", "Microsoft.Kiota.Serialization.Form", "Microsoft.Kiota.Serialization.Multipart",
    ];

    // Outside the repository, so the repository's Directory.Build.props (analyzers, warnings as errors) does not apply to generated code.
    private readonly string _directory = Directory.CreateTempSubdirectory("immutableid-kiota-").FullName;

    [Fact]
    public async Task GeneratedClient_DrivesTheSandbox_EveryCallTyped()
    {
        var kiota = Repository.Tool("KIOTA_PATH", ".tools/kiota/kiota", "tests/servers/kiota/install.sh");
        using var http = new HttpClient();
        var document = Path.Combine(_directory, "v3.json");
        await File.WriteAllTextAsync(document, await http.GetStringAsync(sandbox.BaseUrl + "/api/openapi/v3.json"));

        var generate = await ProcessRun.StartAsync(kiota,
            ["generate", "--language", "CSharp", "--openapi", document, "--output", Path.Combine(_directory, "Client"),
             "--class-name", "ImmutableIdApiClient", "--namespace-name", "ImmutableId.Client", "--exclude-backward-compatible", "--clean-output"],
            workingDirectory: _directory);
        output.WriteLine(generate.ToString());
        Assert.True(generate.ExitCode == 0, generate.ToString());
        Assert.True(File.Exists(Path.Combine(_directory, "Client", "Models", "Problem.cs")), "Kiota generated no typed Problem");

        File.Copy(Path.Combine(Repository.Root, "tests", "ImmutableId.Integrations.Tests", "KiotaClient", "Driver.cs"), Path.Combine(_directory, "Driver.cs"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "KiotaDriver.csproj"), Project());
        var build = await ProcessRun.StartAsync("dotnet", ["build", "-nologo", "-v", "q", "-o", Path.Combine(_directory, "out")], workingDirectory: _directory, timeout: TimeSpan.FromMinutes(8));
        Assert.True(build.ExitCode == 0, build.ToString());

        var run = await ProcessRun.StartAsync("dotnet", [Path.Combine(_directory, "out", "KiotaDriver.dll"), sandbox.BaseUrl + "/api", await sandbox.TokenAsync()], workingDirectory: _directory);

        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var step in new[] { "convert", "status", "dry run", "set", "operation", "clear", "list operations", "refusal" })
        {
            Assert.Contains($"OK {step}:", run.StandardOutput, StringComparison.Ordinal);
        }

        Assert.Contains("OK refusal: status 403, code PrivilegedTarget, blockers [", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("KIOTA CLIENT failures=0", run.StandardOutput, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The driver's project, with the Kiota runtime versions pinned in Directory.Packages.props.</summary>
    private static string Project()
    {
        var versions = XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.Ordinal);
        var references = string.Join("\n", RuntimePackages.Select(p => $"""    <PackageReference Include="{p}" Version="{versions[p]}" />"""));
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """;
    }
}
