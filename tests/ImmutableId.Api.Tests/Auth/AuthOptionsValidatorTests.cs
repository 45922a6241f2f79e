using ImmutableId.Api.Auth;

namespace ImmutableId.Api.Tests.Auth;

public sealed class AuthOptionsValidatorTests
{
    private static AuthOptions Real() => new() { TenantId = Guid.NewGuid().ToString(), Audiences = ["api://immutableid"] };

    [Fact]
    public void Validate_RealSettings_Succeeds()
    {
        Assert.True(new AuthOptionsValidator(sandboxAllowed: false).Validate(null, Real()).Succeeded);
    }

    [Fact]
    public void Validate_DefaultIssuers_AreTheTenantsV1AndV2Issuers()
    {
        var options = Real();

        Assert.Equal([$"https://sts.windows.net/{options.TenantId}/", $"https://login.microsoftonline.com/{options.TenantId}/v2.0"], options.EffectiveIssuers);
        Assert.Equal($"https://login.microsoftonline.com/{options.TenantId}/v2.0/.well-known/openid-configuration", options.EffectiveMetadataAddress);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData(null)]
    public void Validate_TenantNotAGuid_Fails(string? tenant)
    {
        var options = Real();
        options.TenantId = tenant;

        Assert.True(new AuthOptionsValidator(false).Validate(null, options).Failed);
    }

    [Fact]
    public void Validate_HttpMetadataOffLoopback_Fails()
    {
        var options = Real();
        options.MetadataAddress = "http://login.example.com/.well-known/openid-configuration";

        Assert.True(new AuthOptionsValidator(false).Validate(null, options).Failed);
    }

    [Fact]
    public void Validate_SandboxWhereNotAllowed_Fails()
    {
        var result = new AuthOptionsValidator(sandboxAllowed: false).Validate(null, new AuthOptions { Sandbox = true });

        Assert.True(result.Failed);
    }

    [Fact]
    public void Validate_SandboxAlone_Succeeds()
    {
        Assert.True(new AuthOptionsValidator(sandboxAllowed: true).Validate(null, new AuthOptions { Sandbox = true }).Succeeded);
    }

    [Fact]
    public void Validate_SandboxWithAnyRealSetting_Fails()
    {
        var options = Real();
        options.Sandbox = true;

        Assert.True(new AuthOptionsValidator(sandboxAllowed: true).Validate(null, options).Failed);
    }

    [Fact]
    public void Validate_CallerScopeRuleMatchingNobody_Fails()
    {
        var options = Real();
        options.CallerScopes = [new CallerScopeRule { AllowedUpnDomains = ["contoso.com"] }];

        Assert.True(new AuthOptionsValidator(false).Validate(null, options).Failed);
    }
}
