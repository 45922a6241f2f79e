using System.Net;
using ImmutableId.Api.Webhooks;

namespace ImmutableId.Api.Tests.Webhooks;

public sealed class WebhookAddressRuleTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("169.254.0.1", "link-local")]
    [InlineData("100.64.0.1", "shared (CGNAT)")]
    [InlineData("100.127.255.254", "shared (CGNAT)")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fd00::1", "private (ULA)")]
    [InlineData("fc00::1", "private (ULA)")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("::10.0.0.1", "private")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("2002:c0a8:0101::1", "private")]
    public void Refusal_ForbiddenRange_NamesTheRange(string address, string range)
    {
        Assert.Equal(range, WebhookAddressRule.Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("20.42.65.92")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:20.42.65.92")]
    public void Refusal_PublicAddress_Null(string address)
    {
        Assert.Null(WebhookAddressRule.Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1", null)]
    [InlineData("::1", null)]
    [InlineData("::ffff:127.0.0.1", null)]
    [InlineData("10.0.0.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    public void Refusal_TestSwitch_AllowsOnlyLoopback(string address, string? range)
    {
        Assert.Equal(range, WebhookAddressRule.Refusal(IPAddress.Parse(address), allowLoopback: true));
    }
}
