using ImmutableId.Core.HardMatch;

namespace ImmutableId.Core.Tests.HardMatch;

public sealed class UserKeyTests
{
    [Theory]
    [InlineData("adele.vance@contoso.com")]
    [InlineData("megan.o'brien@contoso.com")]
    [InlineData("guest_fabrikam.com#EXT#@contoso.onmicrosoft.com")]
    [InlineData("zoë.müller@contoso.com")]
    [InlineData("a!b^c~d-e_f@sub.contoso.com")]
    public void TryParse_ValidUpn_IsUpn(string text)
    {
        Assert.True(UserKey.TryParse(text, out var key, out var error), error);

        Assert.False(key.IsObjectGuid);
        Assert.Equal(text, key.UserPrincipalName);
    }

    [Theory]
    [InlineData("35918bc9-196d-40ea-9779-889d79b753f0")]
    [InlineData("{35918BC9-196D-40EA-9779-889D79B753F0}")]
    public void TryParse_Guid_IsObjectGuid(string text)
    {
        Assert.True(UserKey.TryParse(text, out var key, out _));

        Assert.True(key.IsObjectGuid);
        Assert.Equal(Guid.Parse("35918bc9-196d-40ea-9779-889d79b753f0"), key.ObjectGuid);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("35918bc9196d40ea9779889d79b753f0")]
    [InlineData("adele.vance")]
    [InlineData("a@b@contoso.com")]
    [InlineData("*@contoso.com")]
    [InlineData("*)(objectClass=*")]
    [InlineData("adele*)(objectClass=*)@contoso.com")]
    [InlineData("x' or '1' eq '1@contoso.com")]
    [InlineData("adele\0@contoso.com")]
    [InlineData("adele vance@contoso.com")]
    [InlineData(".adele@contoso.com")]
    [InlineData("adele.@contoso.com")]
    [InlineData("adele@contoso")]
    [InlineData("adele@contoso..com")]
    [InlineData("adele@contoso.com/../x")]
    [InlineData("adele@contoso.com?$filter=x")]
    [InlineData("adele\\@contoso.com")]
    public void TryParse_Invalid_AnswersWhatToSend(string? text)
    {
        Assert.False(UserKey.TryParse(text, out var key, out var error));

        Assert.Null(key);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void TryParse_LocalPartLimits_AreEntras()
    {
        Assert.True(UserKey.TryParse(new string('a', 113) + "@contoso.com", out _, out _));
        Assert.False(UserKey.TryParse(new string('a', 114) + "@contoso.com", out _, out _));
        Assert.False(UserKey.TryParse("a@" + new string('b', 251) + ".com", out _, out _));
        Assert.False(UserKey.TryParse(new string('a', 10_000), out _, out _));
    }
}
