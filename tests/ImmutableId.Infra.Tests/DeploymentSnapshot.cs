using System.Text.Json.Nodes;

namespace ImmutableId.Infra.Tests;

/// <summary>
/// What a deployment of infra/main.bicep with one parameter file would create, evaluated offline by
/// `bicep snapshot`: modules expanded, conditions and loops resolved; values known only at deployment time
/// (reference(), listKeys()) stay as ARM expressions.
/// </summary>
internal sealed class DeploymentSnapshot(string parameterSet, JsonObject document)
{
    public const string TenantId = "00000000-0000-0000-0000-0000000000aa";
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000bb";

    /// <summary>The parameter file's name without extension (agent, hybridConnection, …).</summary>
    public string ParameterSet { get; } = parameterSet;

    /// <summary>Every predicted resource.</summary>
    public IReadOnlyList<JsonObject> Resources { get; } =
        document["predictedResources"]!.AsArray().Select(node => node!.AsObject()).ToList();

    /// <summary>The deployment's outputs.</summary>
    public JsonObject Outputs { get; } = document["outputs"]?.AsObject() ?? [];

    /// <summary>Diagnostics the snapshot reported.</summary>
    public JsonArray SnapshotDiagnostics { get; } = document["diagnostics"]?.AsArray() ?? [];

    /// <summary>Resources of one type (case-insensitive).</summary>
    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The single resource of a type; fails when there is none or several.</summary>
    public JsonObject Single(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"{ParameterSet}: expected one {type}, found {matches.Count}");
        return matches[0];
    }

    /// <summary>The Function App's app settings (the sites/config 'appsettings' resource).</summary>
    public IReadOnlyDictionary<string, string> AppSettings
    {
        get
        {
            var config = OfType("Microsoft.Web/sites/config")
                .Single(r => ((string)r["name"]!).EndsWith("/appsettings", StringComparison.Ordinal));
            return config["properties"]!.AsObject()
                .ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal);
        }
    }

    /// <summary>Runs `bicep snapshot` for tests/ImmutableId.Infra.Tests/Parameters/{parameterSet}.bicepparam.</summary>
    public static async Task<DeploymentSnapshot> CreateAsync(string parameterSet)
    {
        var (run, snapshot) = await TryCreateAsync(parameterSet);
        Assert.True(run.ExitCode == 0 && snapshot is not null, $"bicep snapshot {parameterSet} failed:\n{run.StandardError}{run.StandardOutput}");
        Assert.Empty(run.Diagnostics);
        return snapshot;
    }

    /// <summary>
    /// Runs `bicep snapshot` and returns the run with the snapshot, or without one when the deployment would fail
    /// validation (e.g. a fail() the inputs reach): the run's output then holds ARM's message.
    /// </summary>
    public static async Task<(BicepRun Run, DeploymentSnapshot? Snapshot)> TryCreateAsync(string parameterSet)
    {
        // Snapshot writes next to the parameter file: work on a copy in a temp folder, pointing back at
        // infra/main.bicep with a relative path (bicep refuses absolute `using` paths).
        var source = Path.Combine(BicepCli.RepositoryRoot, "tests", "ImmutableId.Infra.Tests", "Parameters", $"{parameterSet}.bicepparam");
        var folder = Directory.CreateTempSubdirectory("immutableid-infra-");
        try
        {
            var relativeMain = Path.GetRelativePath(folder.FullName, Path.Combine(BicepCli.InfraDirectory, "main.bicep"))
                .Replace('\\', '/');
            var text = (await File.ReadAllTextAsync(source))
                .Replace("'../../../infra/main.bicep'", $"'{relativeMain}'", StringComparison.Ordinal);
            var parameterFile = Path.Combine(folder.FullName, $"{parameterSet}.bicepparam");
            await File.WriteAllTextAsync(parameterFile, text);

            var run = await BicepCli.RunAsync(
            [
                "snapshot", parameterFile,
                "--mode", "overwrite",
                "--tenant-id", TenantId,
                "--subscription-id", SubscriptionId,
                "--location", "westeurope",
                "--deployment-name", "main",
            ], folder.FullName);
            var output = Path.Combine(folder.FullName, $"{parameterSet}.snapshot.json");
            if (run.ExitCode != 0 || !File.Exists(output))
            {
                return (run, null);
            }

            var json = await File.ReadAllTextAsync(output);
            return (run, new DeploymentSnapshot(parameterSet, JsonNode.Parse(json)!.AsObject()));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
