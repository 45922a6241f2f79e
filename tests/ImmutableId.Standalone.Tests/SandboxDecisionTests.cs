using ImmutableId.Standalone.Sandbox;
using Microsoft.Extensions.Configuration;

namespace ImmutableId.Standalone.Tests;

public sealed class SandboxDecisionTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void Decide_NoConfiguration_RunsTheSandbox()
    {
        Assert.True(SandboxDecision.Decide(Config()).Enabled);
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME", "dotnet-isolated")]
    [InlineData("AZURE_FUNCTIONS_ENVIRONMENT", "Production")]
    [InlineData("Entra:Credential", "ManagedIdentity")]
    [InlineData("Entra:Credential", "ClientCertificate")]
    [InlineData("Entra:GraphBaseUrl", "https://graph.microsoft.com/v1.0")]
    [InlineData("Entra:GraphBaseUrl", "http://127.0.0.1:5599/v1.0")]
    [InlineData("OnPrem:Mode", "Ldap")]
    [InlineData("OnPrem:Server", "dc01.corp.example")]
    public void Decide_RealSettingOrFunctionsHost_DoesNotRunTheSandbox(string key, string value)
    {
        var decision = SandboxDecision.Decide(Config((key, value)));

        Assert.False(decision.Enabled);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void Decide_ForcedOn_RunsEvenWithRealEntraSettings()
    {
        Assert.True(SandboxDecision.Decide(Config(("Sandbox:Enabled", "true"), ("Entra:Credential", "ManagedIdentity"))).Enabled);
    }

    [Fact]
    public void Decide_ForcedOff_NeedsRealConfiguration()
    {
        Assert.False(SandboxDecision.Decide(Config(("Sandbox:Enabled", "false"))).Enabled);
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("AZURE_FUNCTIONS_ENVIRONMENT")]
    public void Decide_ForcedOnUnderFunctionsHost_Throws(string variable)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SandboxDecision.Decide(Config(("Sandbox:Enabled", "true"), (variable, "x"))));

        Assert.Contains("never runs in Azure", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_UnreadableSwitch_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => SandboxDecision.Decide(Config(("Sandbox:Enabled", "yes please"))));
    }
}
