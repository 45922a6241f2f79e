using System.ComponentModel.DataAnnotations;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Core.Tests.HardMatch;

public sealed class PolicyOptionsTests
{
    [Theory]
    [InlineData("CN=Adele,OU=Staff,DC=contoso,DC=com", true)]
    [InlineData("CN=Adele,OU=Team,OU=Staff,DC=contoso,DC=com", true)]
    [InlineData("CN=Adele, OU=Staff, DC=contoso, DC=com", true)]
    [InlineData("cn=adele,ou=staff,dc=contoso,dc=com", true)]
    [InlineData("CN=Adele,OU=OtherStaff,DC=contoso,DC=com", false)]
    [InlineData("CN=Adele,OU=Admins,DC=contoso,DC=com", false)]
    [InlineData("CN=Adele\\,OU=Staff,DC=contoso,DC=com", false)]
    [InlineData("OU=Staff,DC=contoso,DC=com", false)]
    public void AllowsDistinguishedName_MatchesWholeRdnSuffixes(string dn, bool expected)
    {
        var options = new PolicyOptions { AllowedOrganizationalUnits = ["OU=Staff,DC=contoso,DC=com"], AllowedUpnDomains = ["contoso.com"] };

        Assert.Equal(expected, options.AllowsDistinguishedName(dn));
    }

    [Theory]
    [InlineData("contoso.com", true)]
    [InlineData("CONTOSO.COM", true)]
    [InlineData("sub.contoso.com", false)]
    [InlineData("contoso.com.evil", false)]
    public void AllowsUpnDomain_IsExact(string domain, bool expected)
    {
        var options = new PolicyOptions { AllowedUpnDomains = ["contoso.com"], AllowedOrganizationalUnits = ["*"] };

        Assert.Equal(expected, options.AllowsUpnDomain(domain));
    }

    [Fact]
    public void Validate_EmptyAllowLists_Fail()
    {
        var options = new PolicyOptions();
        var results = new List<ValidationResult>();

        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Equal(2, results.Count);
    }

    [Fact]
    public void Star_AllowsAny()
    {
        var options = new PolicyOptions { AllowedUpnDomains = ["*"], AllowedOrganizationalUnits = ["*"] };

        Assert.True(options.AllowsUpnDomain("anything.example"));
        Assert.True(options.AllowsDistinguishedName("CN=x,DC=y"));
    }
}
