namespace ImmutableId.Infra.Tests;

/// <summary>
/// The Function App's app settings are exactly what the code reads: every setting is either a platform setting
/// (listed here, with why) or an option the Functions app binds; every [Required] option is set.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class AppSettingsContractTests(DeploymentSnapshots snapshots)
{
    /// <summary>Settings the platform or the Azure SDK reads, not our option classes.</summary>
    private static readonly Dictionary<string, string> PlatformSettings = new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage__accountName"] = "Functions host storage through the identity",
        ["AzureWebJobsStorage__credential"] = "managedidentity",
        ["AzureWebJobsStorage__clientId"] = "which user-assigned identity the host uses",
        ["JobsQueue__queueServiceUri"] = "the queue trigger's identity-based connection JobsQueue (ProcessJobItemFunction)",
        ["JobsQueue__credential"] = "managedidentity, for the JobsQueue connection",
        ["JobsQueue__clientId"] = "which user-assigned identity the JobsQueue connection uses",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "telemetry endpoint (no key is accepted: local auth is off)",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Entra auth for telemetry with the identity",
        ["AZURE_CLIENT_ID"] = "DefaultAzureCredential / ManagedIdentityCredential picks the user-assigned identity",
        ["DOTNET_GCGen0MaxBudget"] = "the .NET runtime's gen0 budget cap (HostGen0MaxBudget in Directory.Build.props; also in the worker's runtimeconfig.json)",
        ["FUNCTIONS_EXTENSION_VERSION"] = "Elastic Premium only (Flex takes it from functionAppConfig)",
        ["FUNCTIONS_WORKER_RUNTIME"] = "Elastic Premium only (Flex takes it from functionAppConfig)",
        ["WEBSITE_RUN_FROM_PACKAGE"] = "Elastic Premium without an Azure Files content share (which needs a storage key)",
    };

    public static TheoryData<string> AllModes() => [.. DeploymentSnapshots.ParameterSets];

    [Fact]
    public void BoundOptions_FunctionsApp_SectionsAreFound()
    {
        var sections = BoundOptions.Sections().Select(s => s.SectionName).ToList();

        Assert.Contains("Entra", sections);
        Assert.Contains("OnPrem", sections);
        Assert.All(sections, name => Assert.Matches("^[A-Za-z][A-Za-z0-9]*$", name));
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void AppSettings_AnyMode_CapTheGen0BudgetAsTheBuildDoes(string mode)
    {
        // One value: the build's HostGen0MaxBudget (Directory.Build.props), written in hex as the runtime reads its variables.
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(BicepCli.RepositoryRoot, "Directory.Build.props"));
        var built = long.Parse(props.Descendants("HostGen0MaxBudget").Single().Value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal($"0x{built:X}", snapshots[mode].AppSettings["DOTNET_GCGen0MaxBudget"]);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void AppSettings_AnyMode_AreOnlySettingsTheCodeOrPlatformReads(string mode)
    {
        var sections = BoundOptions.Sections();

        var unread = snapshots[mode].AppSettings.Keys
            .Where(key => !PlatformSettings.ContainsKey(key) && !sections.Any(s => s.Binds(key)))
            .ToList();

        Assert.True(unread.Count == 0,
            $"{mode}: app settings no code reads: {string.Join(", ", unread)}. Bound sections: "
            + string.Join("; ", sections.Select(s => $"{s.SectionName} ({s.Source})")));
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void AppSettings_AnyMode_EveryRequiredOptionIsSet(string mode)
    {
        var settings = snapshots[mode].AppSettings;

        var missing = BoundOptions.Sections()
            .SelectMany(s => s.Required)
            .Where(name => !settings.ContainsKey(name) && !settings.Keys.Any(k => k.StartsWith(name + "__", StringComparison.Ordinal)))
            .ToList();

        Assert.True(missing.Count == 0, $"{mode}: required options not set: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void AppSettings_AnyMode_SetEverySectionTheWorkflowNeeds(string mode)
    {
        var settings = snapshots[mode].AppSettings;

        foreach (var section in new[] { "Entra", "OnPrem", "Policy", "Storage", "Auth" })
        {
            Assert.Contains(settings.Keys, key => key.StartsWith(section + "__", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void AppSettings_EnumOptions_HoldAValueOfTheEnum(string mode)
    {
        var settings = snapshots[mode].AppSettings;

        foreach (var (name, enumType) in BoundOptions.Sections().SelectMany(s => s.Enums))
        {
            if (settings.TryGetValue(name, out var value))
            {
                Assert.True(Enum.TryParse(enumType, value, ignoreCase: true, out _) && !int.TryParse(value, out _),
                    $"{mode}: {name}={value} is not one of {string.Join(", ", Enum.GetNames(enumType))}");
            }
        }
    }

    [Fact]
    public void PlatformSettings_EveryListedOne_IsUsedByAMode()
    {
        var used = DeploymentSnapshots.ParameterSets.SelectMany(mode => snapshots[mode].AppSettings.Keys).ToHashSet(StringComparer.Ordinal);

        Assert.All(PlatformSettings.Keys, key => Assert.Contains(key, used));
    }
}
