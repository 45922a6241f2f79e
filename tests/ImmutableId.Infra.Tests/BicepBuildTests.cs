using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ImmutableId.Infra.Tests;

/// <summary>Every .bicep file compiles offline with no diagnostic at all (linter rules are errors in bicepconfig.json).</summary>
public sealed partial class BicepBuildTests
{
    private static readonly Lazy<Task<JsonObject>> MainTemplate = new(async () =>
    {
        var run = await BicepCli.RunAsync(["build", "main.bicep", "--stdout"]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        return JsonNode.Parse(run.StandardOutput)!.AsObject();
    });

    public static TheoryData<string> BicepFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(BicepCli.InfraDirectory, "*.bicep", SearchOption.AllDirectories).Order())
        {
            data.Add(Path.GetRelativePath(BicepCli.InfraDirectory, file));
        }

        return data;
    }

    public static TheoryData<string> ParameterSets() => [.. DeploymentSnapshots.ParameterSets];

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Build_EveryBicepFile_CompilesWithoutDiagnostics(string file)
    {
        var output = Path.Combine(Path.GetTempPath(), $"immutableid-{Guid.NewGuid():N}.json");
        try
        {
            var run = await BicepCli.RunAsync(["build", file, "--outfile", output]);

            Assert.True(run.ExitCode == 0, $"bicep build {file} failed:\n{run.StandardError}");
            Assert.Empty(run.Diagnostics);
            Assert.True(string.IsNullOrWhiteSpace(run.StandardError), $"bicep build {file} printed:\n{run.StandardError}");
            Assert.NotNull(JsonNode.Parse(await File.ReadAllTextAsync(output))?["resources"]);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task BuildParams_TestParameterFiles_CompileWithoutDiagnostics(string parameterSet)
    {
        var file = Path.Combine(BicepCli.RepositoryRoot, "tests", "ImmutableId.Infra.Tests", "Parameters", $"{parameterSet}.bicepparam");

        var run = await BicepCli.RunAsync(["build-params", file, "--stdout"]);

        Assert.True(run.ExitCode == 0, $"bicep build-params {parameterSet} failed:\n{run.StandardError}");
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public async Task Build_LinterViolation_FailsTheBuild()
    {
        // Proves bicepconfig.json makes linter findings errors: a hard-coded location and an unused parameter.
        var folder = Directory.CreateTempSubdirectory("immutableid-lint-");
        try
        {
            var file = Path.Combine(folder.FullName, "bad.bicep");
            await File.WriteAllTextAsync(file, """
                param unused string
                resource id 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
                  name: 'id-bad'
                  location: 'westeurope'
                }
                """);

            var run = await BicepCli.RunAsync(
                ["build", file, "--stdout", "--config", Path.Combine(BicepCli.InfraDirectory, "bicepconfig.json")]);

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains(run.Diagnostics, line => line.Contains("Error no-unused-params", StringComparison.Ordinal));
            Assert.Contains(run.Diagnostics, line => line.Contains("Error no-hardcoded-location", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Build_MainTemplate_OutputsHoldNoSecrets()
    {
        var template = await MainTemplate.Value;

        // Every template, the nested module templates included.
        var outputs = Templates(template).SelectMany(t => t["outputs"]?.AsObject() ?? []).ToList();

        Assert.NotEmpty(outputs);
        Assert.All(outputs, output =>
        {
            Assert.DoesNotMatch(SecretName(), output.Key);
            var type = (string?)output.Value!["type"];
            Assert.False(string.Equals(type, "securestring", StringComparison.OrdinalIgnoreCase)
                || string.Equals(type, "secureobject", StringComparison.OrdinalIgnoreCase), $"output {output.Key} is secure");
            Assert.DoesNotMatch(ListFunction(), output.Value!["value"]?.ToJsonString() ?? string.Empty);
        });
    }

    [Fact]
    public async Task Build_MainTemplate_UpperSnakeOutputs()
    {
        var outputs = (await MainTemplate.Value)["outputs"]!.AsObject();

        Assert.All(outputs, output => Assert.Matches("^[A-Z][A-Z0-9_]*$", output.Key));
        Assert.Contains("MANAGED_IDENTITY_PRINCIPAL_ID", outputs.Select(o => o.Key));
    }

    private static IEnumerable<JsonObject> Templates(JsonObject template)
    {
        yield return template;
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(node => node!.AsObject()),
            JsonObject map => map.Select(pair => pair.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            if (resource["properties"] is JsonObject properties && properties["template"] is JsonObject nested)
            {
                foreach (var inner in Templates(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex("(?i)(key(?!_?vault)|secret|password|connectionstring|token|sas)")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?i)\blist[a-z]*\(")]
    private static partial Regex ListFunction();
}
