using ImmutableId.Api.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace ImmutableId.Api.Tests.Webhooks;

public sealed class WebhookOptionsValidatorTests
{
    [Theory]
    [InlineData(true, "Development", true)]
    [InlineData(true, "Production", false)]
    [InlineData(true, "Staging", false)]
    [InlineData(false, "Development", false)]
    public void Validate_LoopbackTestSwitch_OnlyStandaloneInDevelopment(bool sandboxAllowed, string environment, bool accepted)
    {
        var validator = new WebhookOptionsValidator(sandboxAllowed, new HostingEnvironment { EnvironmentName = environment });

        var result = validator.Validate(null, new WebhookOptions { AllowLoopbackForTests = true });

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Contains("AllowLoopbackForTests", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_NoTestSwitch_AcceptedEverywhere()
    {
        Assert.True(new WebhookOptionsValidator(false, new HostingEnvironment { EnvironmentName = Environments.Production }).Validate(null, new WebhookOptions()).Succeeded);
    }

    [Theory]
    [InlineData("*.logic.azure.com", true)]
    [InlineData("hooks.contoso.com", true)]
    [InlineData("*", false)]
    [InlineData("https://hooks.contoso.com", false)]
    [InlineData("a.*.com", false)]
    public void Validate_AllowedHosts_HostNamesOrSubdomainWildcards(string host, bool accepted)
    {
        var result = new WebhookOptionsValidator(false, null).Validate(null, new WebhookOptions { AllowedHosts = [host] });

        Assert.Equal(accepted, result.Succeeded);
    }
}
