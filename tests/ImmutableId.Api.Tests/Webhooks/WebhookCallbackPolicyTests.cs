using System.Net;
using ImmutableId.Api.Webhooks;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Tests.Webhooks;

public sealed class WebhookCallbackPolicyTests
{
    [Theory]
    [InlineData("http://hooks.example.com/x", WebhookProblemCodes.WebhookUrlNotHttps)]
    [InlineData("ftp://hooks.example.com/x", WebhookProblemCodes.WebhookUrlNotHttps)]
    [InlineData("file:///etc/passwd", WebhookProblemCodes.WebhookUrlInvalid)]
    [InlineData("https://user:secret@hooks.example.com/x", WebhookProblemCodes.WebhookUrlInvalid)]
    [InlineData("https://hooks.example.com/x#fragment", WebhookProblemCodes.WebhookUrlInvalid)]
    public void CheckUrl_RefusedForm_StableCode(string url, string code)
    {
        var policy = Policy(new WebhookOptions());

        Assert.Equal(code, policy.CheckUrl(new Uri(url))?.Code);
    }

    [Fact]
    public void CheckUrl_TooLong_Invalid()
    {
        var policy = Policy(new WebhookOptions());

        Assert.Equal(WebhookProblemCodes.WebhookUrlInvalid, policy.CheckUrl(new Uri("https://hooks.example.com/" + new string('a', 2100)))?.Code);
    }

    [Theory]
    [InlineData("https://prod-12.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sig=abc", null)]
    [InlineData("https://hooks.contoso.com/jobs", null)]
    [InlineData("https://HOOKS.CONTOSO.COM/jobs", null)]
    [InlineData("https://logic.azure.com/x", WebhookProblemCodes.WebhookHostNotAllowed)]
    [InlineData("https://evil-logic.azure.com.attacker.net/x", WebhookProblemCodes.WebhookHostNotAllowed)]
    [InlineData("https://attackerlogic.azure.com/x", WebhookProblemCodes.WebhookHostNotAllowed)]
    [InlineData("https://other.contoso.com/x", WebhookProblemCodes.WebhookHostNotAllowed)]
    public void CheckUrl_AllowedHosts_ExactOrSubdomainWildcard(string url, string? code)
    {
        var policy = Policy(new WebhookOptions { AllowedHosts = ["*.logic.azure.com", "hooks.contoso.com"] });

        Assert.Equal(code, policy.CheckUrl(new Uri(url))?.Code);
    }

    [Fact]
    public void CheckUrl_PlainHttp_AllowedOnlyUnderTheTestSwitch()
    {
        Assert.Null(Policy(new WebhookOptions { AllowLoopbackForTests = true }).CheckUrl(new Uri("http://127.0.0.1:5000/hook")));
        Assert.Equal(WebhookProblemCodes.WebhookUrlNotHttps, Policy(new WebhookOptions()).CheckUrl(new Uri("http://127.0.0.1:5000/hook"))?.Code);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("10.0.0.8")]
    [InlineData("169.254.169.254")]
    [InlineData("[fe80::1]")]
    [InlineData("[::ffff:169.254.169.254]")]
    [InlineData("100.64.1.1")]
    [InlineData("0.0.0.0")]
    public async Task ResolveAsync_AddressLiteralInARefusedRange_AddressForbidden(string host)
    {
        var (addresses, refusal) = await Policy(new WebhookOptions()).ResolveAsync(host);

        Assert.Empty(addresses);
        Assert.Equal(WebhookProblemCodes.WebhookAddressForbidden, refusal?.Code);
    }

    [Fact]
    public async Task ResolveAsync_LocalhostOverRealDns_AddressForbidden()
    {
        var policy = new WebhookCallbackPolicy(new DnsWebhookHostResolver(), Options.Create(new WebhookOptions()));

        var (_, refusal) = await policy.ResolveAsync("localhost");

        Assert.Equal(WebhookProblemCodes.WebhookAddressForbidden, refusal?.Code);
    }

    [Fact]
    public async Task ResolveAsync_OneOfSeveralAddressesPrivate_AddressForbidden()
    {
        var resolver = new FixedResolver { ["hooks.example.com"] = [IPAddress.Parse("20.42.65.92"), IPAddress.Parse("192.168.0.10")] };

        var (_, refusal) = await Policy(new WebhookOptions(), resolver).ResolveAsync("hooks.example.com");

        Assert.Equal(WebhookProblemCodes.WebhookAddressForbidden, refusal?.Code);
        Assert.Contains("192.168.0.10", refusal!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_NoAddress_Unresolvable()
    {
        var (_, refusal) = await Policy(new WebhookOptions(), new FixedResolver()).ResolveAsync("nowhere.example.com");

        Assert.Equal(WebhookProblemCodes.WebhookHostUnresolvable, refusal?.Code);
    }

    [Fact]
    public async Task ResolveAsync_PublicAddresses_Answered()
    {
        var resolver = new FixedResolver { ["hooks.example.com"] = [IPAddress.Parse("20.42.65.92")] };

        var (addresses, refusal) = await Policy(new WebhookOptions(), resolver).ResolveAsync("hooks.example.com");

        Assert.Null(refusal);
        Assert.Equal([IPAddress.Parse("20.42.65.92")], addresses);
    }

    private static WebhookCallbackPolicy Policy(WebhookOptions options, IWebhookHostResolver? resolver = null) =>
        new(resolver ?? new FixedResolver(), Options.Create(options));
}
