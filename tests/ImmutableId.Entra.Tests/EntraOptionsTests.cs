using Azure.Identity;
using ImmutableId.Core.Entra;
using ImmutableId.Entra.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImmutableId.Entra.Tests;

public sealed class EntraOptionsTests
{
    [Fact]
    public void Defaults_ManagedIdentityOnPublicGraph_Valid()
    {
        var options = new EntraOptions();

        Assert.True(new EntraOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("https://graph.microsoft.com/v1.0", options.GraphBaseUrl);
        Assert.Equal(EntraCredentialKind.ManagedIdentity, options.Credential);
        Assert.IsType<ManagedIdentityCredential>(GraphCredentialFactory.Create(options, TimeProvider.System));
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0", "Emulator")]
    [InlineData("http://10.0.0.5:5599/v1.0", "Emulator")]
    [InlineData("http://127.0.0.1.evil.example/v1.0", "Emulator")]
    [InlineData("http://graph.microsoft.com/v1.0", "ManagedIdentity")]
    [InlineData("not a url", "ManagedIdentity")]
    [InlineData("ftp://127.0.0.1/v1.0", "ManagedIdentity")]
    public void Validate_EmulatorOffLoopbackOrBadUrl_Fails(string url, string credential)
    {
        var options = new EntraOptions { GraphBaseUrl = url, Credential = Enum.Parse<EntraCredentialKind>(credential) };

        Assert.True(new EntraOptionsValidator().Validate(null, options).Failed);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5599/v1.0")]
    [InlineData("http://localhost:5599/v1.0")]
    [InlineData("http://[::1]:5599/v1.0")]
    public void Validate_EmulatorOnLoopback_Succeeds(string url)
    {
        var options = new EntraOptions { GraphBaseUrl = url, Credential = EntraCredentialKind.Emulator };

        Assert.True(new EntraOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void EmulatorCredential_NonLoopback_Refused()
    {
        Assert.Throws<InvalidOperationException>(() => new EmulatorTokenCredential(new Uri("https://graph.microsoft.com/v1.0"), Guid.NewGuid().ToString(), TimeProvider.System));
    }

    [Fact]
    public void Validate_ClientCertificateIncomplete_FailsNamingWhatIsMissing()
    {
        var options = new EntraOptions { Credential = EntraCredentialKind.ClientCertificate, ClientId = "nope" };

        var result = new EntraOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("TenantId", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ClientId", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("CertificatePath", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientCertificateWithFile_SucceedsAndBuildsCertificateCredential()
    {
        var path = Path.GetTempFileName();
        try
        {
            var options = new EntraOptions
            {
                Credential = EntraCredentialKind.ClientCertificate,
                TenantId = Guid.NewGuid().ToString(),
                ClientId = Guid.NewGuid().ToString(),
                CertificatePath = path,
            };

            Assert.True(new EntraOptionsValidator().Validate(null, options).Succeeded);
            Assert.IsType<ClientCertificateCredential>(GraphCredentialFactory.Create(options, TimeProvider.System));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_ManagedIdentityClientIdNotAGuid_Fails()
    {
        Assert.True(new EntraOptionsValidator().Validate(null, new EntraOptions { ManagedIdentityClientId = "my-identity" }).Failed);
    }

    [Fact]
    public async Task AddEntraDirectory_EmulatorCredentialOffLoopback_HostRefusesToStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Entra:GraphBaseUrl"] = "https://graph.microsoft.com/v1.0",
            ["Entra:Credential"] = "Emulator",
        });
        builder.Services.AddEntraDirectory(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEntraDirectory_RetryBudgetOutOfRange_HostRefusesToStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Entra:RetryBudget"] = "00:10:00" });
        builder.Services.AddEntraDirectory(builder.Configuration);
        using var host = builder.Build();

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Fact]
    public void AddEntraDirectory_DefaultConfiguration_ResolvesTheDirectory()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddEntraDirectory(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<IEntraDirectory>());
    }
}
