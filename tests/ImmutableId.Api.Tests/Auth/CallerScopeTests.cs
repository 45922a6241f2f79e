using ImmutableId.Api.Auth;

namespace ImmutableId.Api.Tests.Auth;

public sealed class CallerScopeTests
{
    private static readonly CallerScopeRule[] Rules =
    [
        new() { AppId = "app-sn", AllowedUpnDomains = ["contoso.com"], AllowedOrganizationalUnits = ["OU=Sales,DC=corp,DC=contoso,DC=com"] },
        new() { GroupId = "grp-helpdesk", AllowedUpnDomains = ["fabrikam.com"] },
        new() { ObjectId = "oid-admin" },
    ];

    [Fact]
    public void For_NoMatchingRule_IsUnrestricted()
    {
        Assert.True(CallerScope.For(Rules, "app-other", "oid-other", []).IsUnrestricted);
    }

    [Fact]
    public void For_RuleWithEmptyLists_IsUnrestricted()
    {
        Assert.True(CallerScope.For(Rules, "app-other", "oid-admin", []).IsUnrestricted);
    }

    [Fact]
    public void For_TwoMatchingRules_AllowsTheUnionOfDomains()
    {
        var scope = CallerScope.For(Rules, "app-sn", "oid-x", ["grp-helpdesk"]);

        Assert.True(scope.PermitsUpn("a@contoso.com"));
        Assert.True(scope.PermitsUpn("b@FABRIKAM.com"));
        Assert.False(scope.PermitsUpn("c@northwind.com"));
        // The group rule leaves OUs open, so the union leaves them open.
        Assert.True(scope.PermitsDistinguishedName("CN=X,OU=Admins,DC=corp,DC=contoso,DC=com"));
    }

    [Theory]
    [InlineData("CN=Ann,OU=Sales,DC=corp,DC=contoso,DC=com", true)]
    [InlineData("CN=Ann, OU=Sales, DC=corp, DC=contoso, DC=com", true)]
    [InlineData("cn=Ann,ou=sales,dc=corp,dc=contoso,dc=com", true)]
    [InlineData("CN=Bob,OU=EMEA,OU=Sales,DC=corp,DC=contoso,DC=com", true)]
    [InlineData("CN=Eve,OU=NotSales,DC=corp,DC=contoso,DC=com", false)]
    [InlineData("CN=Eve,OU=Sales,DC=corp,DC=contoso,DC=com,DC=evil", false)]
    [InlineData("OU=Sales,DC=corp,DC=contoso,DC=com", false)]
    [InlineData(null, false)]
    public void PermitsDistinguishedName_OnlyUnderTheAllowedOu(string? dn, bool expected)
    {
        var scope = CallerScope.For(Rules, "app-sn", "oid-x", []);

        Assert.Equal(expected, scope.PermitsDistinguishedName(dn));
    }

    [Theory]
    [InlineData("a@contoso.com", true)]
    [InlineData("a@sub.contoso.com", false)]
    [InlineData("a@contoso.com.evil.com", false)]
    [InlineData("no-at-sign", false)]
    [InlineData(null, false)]
    public void PermitsUpn_ExactDomainOnly(string? upn, bool expected)
    {
        var scope = CallerScope.For(Rules, "app-sn", "oid-x", []);

        Assert.Equal(expected, scope.PermitsUpn(upn));
    }
}
