using ImmutableId.ActiveDirectory;
using ImmutableId.Core.Agents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImmutableId.Infra.Tests;

/// <summary>The default deployment (agent mode) carries the agent binding, and the app refuses to start without it.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class AgentDeploymentTests(DeploymentSnapshots snapshots)
{
    [Fact]
    public void AppSettings_AgentMode_BindTheAgentFromTheParameters()
    {
        var settings = snapshots["agent"].AppSettings;

        Assert.Equal("Agent", settings["OnPrem__Mode"]);
        Assert.Equal("onprem-agent-1", settings["Agents__Bindings__0__Id"]);
        Assert.Equal("b7f3e2d1-4c5b-4a69-8e7f-0a1b2c3d4e5f", settings["Agents__Bindings__0__AppId"]);
        Assert.Equal("OU=Staff,DC=corp,DC=contoso,DC=com", settings["Agents__Bindings__0__BaseDns__0"]);
        Assert.Equal("contoso.com", settings["Agents__Bindings__0__UpnDomains__0"]);
        Assert.Equal("01:00:00", settings["Agents__StaleAfter"]);
    }

    [Theory]
    [InlineData("hybridConnection")]
    [InlineData("keyVaultReference")]
    public void AppSettings_LdapModes_HaveNoAgentBinding(string mode) =>
        Assert.DoesNotContain(snapshots[mode].AppSettings.Keys, key => key.StartsWith("Agents__", StringComparison.Ordinal));

    [Fact]
    public void AgentOptions_DeployedSettings_Validate()
    {
        var options = Bind(snapshots["agent"].AppSettings);

        var binding = Assert.Single(options.Bindings);
        Assert.True(binding.Covers("CN=Jane,OU=Staff,DC=corp,DC=contoso,DC=com"));
    }

    [Theory]
    [InlineData("Agents__Bindings", "Agents__Bindings__0__AppId")]
    [InlineData("Agents__Bindings__0__BaseDns", "Agents:Bindings:0:BaseDns")]
    [InlineData("Agents__Bindings__0__UpnDomains", "Agents:Bindings:0:UpnDomains")]
    public void AgentOptions_DeployedSettingsWithoutSome_RefuseToStartNamingWhatToSet(string removedPrefix, string named)
    {
        var settings = snapshots["agent"].AppSettings.Where(s => !s.Key.StartsWith(removedPrefix, StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value);

        var ex = Assert.Throws<OptionsValidationException>(() => Bind(settings));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AgentOptions_EmptyAgentAppId_RefusesToStart()
    {
        var settings = snapshots["agent"].AppSettings.ToDictionary(s => s.Key, s => s.Value);
        settings["Agents__Bindings__0__AppId"] = string.Empty; // what `azd up` deploys before AGENT_APP_ID is set

        var ex = Assert.Throws<OptionsValidationException>(() => Bind(settings));

        Assert.Contains("Agents:Bindings:0:AppId", ex.Message, StringComparison.Ordinal);
    }

    private static AgentOptions Bind(IReadOnlyDictionary<string, string> appSettings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(appSettings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddOnPremDirectory(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AgentOptions>>().Value;
    }
}
