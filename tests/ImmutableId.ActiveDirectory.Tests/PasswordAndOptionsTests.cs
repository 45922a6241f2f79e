using Azure;
using Azure.Security.KeyVault.Secrets;
using ImmutableId.ActiveDirectory.Ldap;
using ImmutableId.ActiveDirectory.Ldif;
using ImmutableId.ActiveDirectory.Passwords;
using ImmutableId.Core.Agents;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace ImmutableId.ActiveDirectory.Tests;

public sealed class PasswordAndOptionsTests
{
    [Fact]
    public async Task GetPasswordAsync_KeyVault_CachedUntilInvalidated()
    {
        var client = new Mock<SecretClient>();
        client.SetupSequence(c => c.GetSecretAsync("ldap-bind", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Secret("first"))
            .ReturnsAsync(Secret("rotated"));
        using var source = new KeyVaultPasswordSource(client.Object, "ldap-bind", NullLogger<KeyVaultPasswordSource>.Instance);

        Assert.Equal("first", await source.GetPasswordAsync());
        Assert.Equal("first", await source.GetPasswordAsync());
        source.Invalidate();
        Assert.Equal("rotated", await source.GetPasswordAsync());
        client.Verify(c => c.GetSecretAsync("ldap-bind", null, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task GetPasswordAsync_KeyVaultForbidden_MisconfiguredWithoutSecretValue()
    {
        var client = new Mock<SecretClient>();
        client.Setup(c => c.GetSecretAsync("ldap-bind", null, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(403, "Forbidden", "Forbidden", null));
        using var source = new KeyVaultPasswordSource(client.Object, "ldap-bind", NullLogger<KeyVaultPasswordSource>.Instance);

        var ex = await Assert.ThrowsAsync<OnPremDirectoryException>(() => source.GetPasswordAsync().AsTask());

        Assert.Equal(OnPremFailure.Misconfigured, ex.Failure);
        Assert.Contains("Key Vault Secrets User", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OnPremMode.Ldap, "Server")]
    [InlineData(OnPremMode.Ldif, "LdifPath")]
    public void Validate_MissingRequiredSettings_FailsNamingThem(OnPremMode mode, string expected)
    {
        var result = new OnPremOptionsValidator().Validate(null, new OnPremOptions { Mode = mode });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyVaultInsteadOfPassword_Succeeds()
    {
        var options = new OnPremOptions
        {
            Server = "dc1.corp.example", BaseDns = ["DC=corp,DC=example"], BindUserName = "svc@corp.example",
            KeyVaultUri = "https://kv.vault.azure.net/", BindPasswordSecretName = "ldap-bind",
        };

        Assert.True(new OnPremOptionsValidator().Validate(null, options).Succeeded);
        options.KeyVaultUri = "http://kv.vault.azure.net/";
        Assert.True(new OnPremOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void AddOnPremDirectory_LdifMode_ResolvesLdifDirectory()
    {
        var provider = Build(new()
        {
            ["OnPrem:Mode"] = "Ldif",
            ["OnPrem:LdifPath"] = Path.Combine(AppContext.BaseDirectory, "Demo", "demo-directory.ldif"),
        });

        Assert.IsType<LdifOnPremDirectory>(provider.GetRequiredService<IOnPremDirectory>());
    }

    [Fact]
    public void AddOnPremDirectory_LdapModeWithKeyVault_ResolvesLdapDirectoryAndKeyVaultSource()
    {
        var provider = Build(new()
        {
            ["OnPrem:Mode"] = "Ldap",
            ["OnPrem:Server"] = "dc1.corp.example",
            ["OnPrem:BaseDns:0"] = "DC=corp,DC=example",
            ["OnPrem:BindUserName"] = "svc@corp.example",
            ["OnPrem:KeyVaultUri"] = "https://kv.vault.azure.net/",
            ["OnPrem:BindPasswordSecretName"] = "ldap-bind",
        });

        Assert.IsType<LdapOnPremDirectory>(provider.GetRequiredService<IOnPremDirectory>());
        Assert.IsType<KeyVaultPasswordSource>(provider.GetRequiredService<ILdapPasswordSource>());
        Assert.Same(provider.GetRequiredService<IOnPremDirectory>(), provider.GetRequiredService<IConsistencyGuidWriter>());
    }

    [Fact]
    public void AddOnPremDirectory_InvalidOptions_ThrowOnResolve()
    {
        var provider = Build(new() { ["OnPrem:Mode"] = "Ldap", ["OnPrem:Transport"] = "Plain" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OnPremOptions>>().Value);

        Assert.Contains("AllowInsecurePlainLdap", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOnPremDirectory_AgentModeWithoutBindings_RefusesToStartSayingWhatToSet()
    {
        var provider = Build(new() { ["OnPrem:Mode"] = "Agent" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AgentOptions>>().Value);

        Assert.Contains("Agents__Bindings__0__AppId", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-guid", "OU=Staff,DC=contoso,DC=com", "contoso.com", "AppId")]
    [InlineData("a9e1c7d3-5b2f-4e8a-9c1d-2e3f4a5b6c7d", "", "contoso.com", "BaseDns")]
    [InlineData("a9e1c7d3-5b2f-4e8a-9c1d-2e3f4a5b6c7d", "OU=Staff,DC=contoso,DC=com", "", "UpnDomains")]
    public void AddOnPremDirectory_AgentBindingIncomplete_RefusesToStart(string appId, string baseDn, string domain, string named)
    {
        var provider = Build(new()
        {
            ["OnPrem:Mode"] = "Agent", ["Agents:Bindings:0:Id"] = "dc-agent-1", ["Agents:Bindings:0:AppId"] = appId,
            ["Agents:Bindings:0:BaseDns:0"] = baseDn, ["Agents:Bindings:0:UpnDomains:0"] = domain,
        });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AgentOptions>>().Value);

        Assert.Contains($"Agents:Bindings:0:{named}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddOnPremDirectory_AgentModeBeforeTheAgentPosted_LookupFailsAsStale()
    {
        var mirror = new Mock<IOnPremMirror>();
        mirror.Setup(m => m.FindByUserPrincipalNameAsync("a@contoso.com", It.IsAny<CancellationToken>())).ReturnsAsync([]);
        mirror.Setup(m => m.ListAgentsAsync(It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var provider = Build(new()
        {
            ["OnPrem:Mode"] = "Agent", ["Agents:Bindings:0:Id"] = "dc-agent-1", ["Agents:Bindings:0:AppId"] = "a9e1c7d3-5b2f-4e8a-9c1d-2e3f4a5b6c7d",
            ["Agents:Bindings:0:BaseDns:0"] = "OU=Staff,DC=contoso,DC=com", ["Agents:Bindings:0:UpnDomains:0"] = "contoso.com",
        }, services => services.AddSingleton(mirror.Object));

        var ex = await Assert.ThrowsAsync<OnPremDirectoryException>(() =>
            provider.GetRequiredService<IOnPremDirectory>().FindByUserPrincipalNameAsync("a@contoso.com"));

        Assert.Equal(OnPremFailure.Stale, ex.Failure);
        Assert.StartsWith("AgentStale:", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        more?.Invoke(services);
        services.AddOnPremDirectory(configuration);
        return services.BuildServiceProvider();
    }

    private static Response<KeyVaultSecret> Secret(string value) =>
        Response.FromValue(SecretModelFactory.KeyVaultSecret(SecretModelFactory.SecretProperties(name: "ldap-bind"), value), Mock.Of<Response>());
}
