using Azure;
using Azure.Security.KeyVault.Secrets;
using ImmutableId.ActiveDirectory.Ldap;
using ImmutableId.ActiveDirectory.Ldif;
using ImmutableId.ActiveDirectory.Passwords;
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
    public async Task AddOnPremDirectory_AgentMode_FailsAsMisconfigured()
    {
        var provider = Build(new() { ["OnPrem:Mode"] = "Agent" });

        var ex = await Assert.ThrowsAsync<OnPremDirectoryException>(() =>
            provider.GetRequiredService<IOnPremDirectory>().FindByUserPrincipalNameAsync("a@b.c"));

        Assert.Equal(OnPremFailure.Misconfigured, ex.Failure);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddOnPremDirectory(configuration);
        return services.BuildServiceProvider();
    }

    private static Response<KeyVaultSecret> Secret(string value) =>
        Response.FromValue(SecretModelFactory.KeyVaultSecret(SecretModelFactory.SecretProperties(name: "ldap-bind"), value), Mock.Of<Response>());
}
