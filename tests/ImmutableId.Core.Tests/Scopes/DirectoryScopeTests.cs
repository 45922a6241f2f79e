using ImmutableId.Core.Scopes;

namespace ImmutableId.Core.Tests.Scopes;

public sealed class DirectoryScopeTests
{
    [Theory]
    [InlineData("CN=Adele,OU=Sales,DC=corp,DC=contoso,DC=com", true)]
    [InlineData("CN=Adele,OU=Team,OU=Sales,DC=corp,DC=contoso,DC=com", true)]
    [InlineData("cn=adele, ou=sales , dc=corp,dc=contoso,dc=com", true)]
    [InlineData("CN=Adele,OU=Sales\\2C Europe,DC=corp,DC=contoso,DC=com", false)]
    [InlineData("CN=X\\,OU=Sales,DC=corp,DC=contoso,DC=com", false)] // CN "X,OU=Sales" directly under DC=corp
    [InlineData("CN=X\\2COU=Sales,DC=corp,DC=contoso,DC=com", false)]
    [InlineData("CN=Adele,OU=OtherSales,DC=corp,DC=contoso,DC=com", false)]
    [InlineData("OU=Sales,DC=corp,DC=contoso,DC=com", false)]
    [InlineData("CN=Adele,OU=Sales,DC=corp,DC=contoso,DC=com,DC=evil", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("CN=dangling\\", false)]
    public void PermitsDistinguishedName_WholeRdnsWithEscapes(string? dn, bool expected)
    {
        var scope = new DirectoryScope([], ["OU=Sales,DC=corp,DC=contoso,DC=com"]);

        Assert.Equal(expected, scope.PermitsDistinguishedName(dn));
    }

    [Theory]
    [InlineData("CN=Adele,OU=Sales\\, Europe,DC=corp,DC=com", true)]
    [InlineData("CN=Adele,OU=Sales\\2C Europe,DC=corp,DC=com", true)]
    [InlineData("CN=Adele,OU=Sales,DC=corp,DC=com", false)]
    [InlineData("CN=Adele,OU=Europe,DC=corp,DC=com", false)]
    public void PermitsDistinguishedName_OuWithAnEscapedComma(string dn, bool expected)
    {
        var scope = new DirectoryScope([], ["OU=Sales\\, Europe,DC=corp,DC=com"]);

        Assert.Equal(expected, scope.PermitsDistinguishedName(dn));
    }

    [Theory]
    [InlineData("a@contoso.com", true)]
    [InlineData("a@CONTOSO.COM", true)]
    [InlineData("a@sub.contoso.com", false)]
    [InlineData("a@contoso.com.evil", false)]
    [InlineData("contoso.com", false)]
    [InlineData(null, false)]
    public void PermitsUpn_ExactDomain(string? upn, bool expected)
    {
        Assert.Equal(expected, new DirectoryScope(["contoso.com"], []).PermitsUpn(upn));
    }

    [Fact]
    public void Unrestricted_PermitsEverythingIncludingUnknowns()
    {
        Assert.True(DirectoryScope.Unrestricted.PermitsUpn(null));
        Assert.True(DirectoryScope.Unrestricted.PermitsDistinguishedName(null));
        Assert.True(new DirectoryScope(["*"], ["*"]).IsUnrestricted);
    }

    [Fact]
    public void Constructor_OuThatIsNotADn_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new DirectoryScope([], ["Sales"]));
    }
}
