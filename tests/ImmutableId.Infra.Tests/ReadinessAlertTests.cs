namespace ImmutableId.Infra.Tests;

/// <summary>Readiness is alerted on from outside (availability test + metric alert), never used to replace instances.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class ReadinessAlertTests(DeploymentSnapshots snapshots)
{
    private const string WebTest = "Microsoft.Insights/webtests";
    private const string MetricAlert = "Microsoft.Insights/metricAlerts";
    private const string ActionGroup = "Microsoft.Insights/actionGroups";

    public static TheoryData<string> AllModes() => [.. DeploymentSnapshots.ParameterSets];

    [Theory]
    [MemberData(nameof(AllModes))]
    public void WebTest_AnyMode_CallsTheReadinessProbeOfTheSiteFromSeveralLocations(string mode)
    {
        var snapshot = snapshots[mode];
        var test = snapshot.Single(WebTest);
        var insightsId = (string)snapshot.Single("Microsoft.Insights/components")["id"]!;
        var properties = test["properties"]!;

        Assert.Equal("standard", (string?)test["kind"]);
        Assert.True((bool)properties["Enabled"]!);
        // https://{the site's defaultHostName, known at deployment}/api/health?ready=true, as an ARM expression.
        var url = (string)properties["Request"]!["RequestUrl"]!;
        var siteId = (string)snapshot.Single("Microsoft.Web/sites")["id"]!;
        Assert.Contains("/api/health?ready=true'", url, StringComparison.Ordinal);
        Assert.Contains($"reference('{siteId}', '2024-11-01').defaultHostName", url, StringComparison.Ordinal);
        Assert.Equal(200, (int)properties["ValidationRules"]!["ExpectedHttpStatusCode"]!);
        Assert.True(properties["Locations"]!.AsArray().Count >= 3);
        Assert.Equal("Resource", (string?)test["tags"]![$"hidden-link:{insightsId}"]);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Alert_AnyMode_FiresWhenTheReadinessTestFailsFromTwoLocations(string mode)
    {
        var snapshot = snapshots[mode];
        var test = snapshot.Single(WebTest);
        var alert = snapshot.Single(MetricAlert)["properties"]!;

        var criteria = alert["criteria"]!;
        Assert.Equal("Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria", (string?)criteria["odata.type"]);
        Assert.Equal((string?)test["id"], (string?)criteria["webTestId"]);
        Assert.Equal((string?)snapshot.Single("Microsoft.Insights/components")["id"], (string?)criteria["componentId"]);
        Assert.Equal(2, (int)criteria["failedLocationCount"]!);
        Assert.Contains((string?)test["id"], alert["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.True((bool)alert["enabled"]!);
    }

    [Fact]
    public void ActionGroup_AlertEmailGiven_MailsIt()
    {
        var snapshot = snapshots["hybridConnectionOutsideFlexRegions"];
        var group = snapshot.Single(ActionGroup);

        Assert.Equal("ops@contoso.com", (string?)group["properties"]!["emailReceivers"]!.AsArray().Single()!["emailAddress"]);
        Assert.Equal((string?)group["id"], (string?)snapshot.Single(MetricAlert)["properties"]!["actions"]!.AsArray().Single()!["actionGroupId"]);
    }

    [Fact]
    public void ActionGroup_NoAlertEmail_IsAbsent()
    {
        var snapshot = snapshots["agent"];

        Assert.Empty(snapshot.OfType(ActionGroup));
        Assert.Empty(snapshot.Single(MetricAlert)["properties"]!["actions"]!.AsArray());
    }
}
