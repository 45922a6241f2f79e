using System.Text.Json.Nodes;

namespace ImmutableId.Infra.Tests;

/// <summary>
/// What an azd user expects of the template: azd's region prompt without a stale allow-list, the deployer's principal type from
/// AZURE_PRINCIPAL_TYPE (a CI pipeline signs in as a service principal), and the conventional output names next to ours.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class AzdConventionsTests(DeploymentSnapshots snapshots)
{
    private const string SecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"; // Key Vault Secrets Officer

    [Fact]
    public async Task Build_Location_NoRegionAllowListAndAzdPromptsForIt()
    {
        var run = await BicepCli.RunAsync(["build", "main.bicep", "--stdout"]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var location = JsonNode.Parse(run.StandardOutput)!["parameters"]!["location"]!;

        // A snapshot of Flex Consumption regions went stale and also restricted the Dedicated-plan mode.
        Assert.Null(location["allowedValues"]);
        Assert.Equal("location", (string?)location["metadata"]!["azd"]!["type"]);
    }

    [Fact]
    public void Snapshot_HybridConnectionOutsideTheOldFlexList_DeploysThere()
    {
        var snapshot = snapshots["hybridConnectionOutsideFlexRegions"];

        Assert.Equal("brazilsouth", (string?)snapshot.Single("Microsoft.Web/sites")["location"]);
        Assert.Equal("brazilsouth", (string?)snapshot.Single("Microsoft.Web/serverfarms")["location"]);
    }

    [Fact]
    public async Task MainParameters_PrincipalType_MapsAzurePrincipalTypeDefaultingToUser()
    {
        var parameters = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(BicepCli.InfraDirectory, "main.parameters.json")))!["parameters"]!;

        Assert.Equal("${AZURE_PRINCIPAL_TYPE=User}", (string?)parameters["principalType"]!["value"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", (string?)parameters["principalId"]!["value"]);
    }

    [Fact]
    public async Task Snapshot_CiServicePrincipal_DeployerAssignmentCarriesServicePrincipal()
    {
        var ci = await DeploymentSnapshot.CreateAsync("ciServicePrincipal");

        Assert.Empty(ci.SnapshotDiagnostics);
        Assert.Equal("ServicePrincipal", (string?)Officer(ci)["properties"]!["principalType"]);
        Assert.Equal("User", (string?)Officer(snapshots["agent"])["properties"]!["principalType"]);
    }

    [Theory]
    [InlineData("agent")]
    [InlineData("hybridConnection")]
    public void Outputs_AnyMode_ConventionalNamesBesideOurs(string mode)
    {
        var outputs = snapshots[mode].Outputs;

        Assert.Equal("westeurope", Value(outputs, "AZURE_LOCATION"));
        Assert.Equal(DeploymentSnapshot.TenantId, Value(outputs, "AZURE_TENANT_ID"));
        foreach (var name in new[] { "AZURE_RESOURCE_GROUP", "SERVICE_API_NAME", "SERVICE_API_URI", "SERVICE_API_ENDPOINT_URL", "AZURE_FUNCTION_NAME", "AZURE_FUNCTION_APP_NAME" })
        {
            Assert.False(string.IsNullOrEmpty(Value(outputs, name)), $"{mode}: output {name} is missing or empty");
        }

        Assert.Equal(Value(outputs, "SERVICE_API_URI"), Value(outputs, "SERVICE_API_ENDPOINT_URL"));
        Assert.Equal(Value(outputs, "SERVICE_API_NAME"), Value(outputs, "AZURE_FUNCTION_NAME"));
    }

    private static JsonObject Officer(DeploymentSnapshot snapshot) => Assert.Single(snapshot.OfType("Microsoft.Authorization/roleAssignments"),
        a => ((string)a["properties"]!["roleDefinitionId"]!).EndsWith(SecretsOfficer, StringComparison.OrdinalIgnoreCase));

    // An output's value as the snapshot evaluated it (a string, or the ARM expression it could not evaluate offline).
    private static string? Value(JsonObject outputs, string name) =>
        outputs[name] switch
        {
            null => null,
            JsonValue value => value.ToString(),
            JsonObject wrapped when wrapped["value"] is { } inner => inner.ToString(),
            var other => other.ToJsonString(),
        };
}
