using System.Text;
using ImmutableId.ActiveDirectory.Ldif;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.ActiveDirectory.Tests;

public sealed class LdifReaderTests
{
    private const string Sample =
        "version: 1\r\n" +
        "# a comment that is\r\n" +
        " folded\r\n" +
        "\r\n" +
        "dn: CN=John Doe,OU=Staff,DC=corp,DC=example\r\n" +
        "objectClass: top\r\n" +
        "objectClass: user\r\n" +
        "objectGUID:: yYuRNW0Z6kCXeYidebdT8A==\r\n" +
        "userPrincipalName: john.doe@corp.exa\r\n" +
        " mple\r\n" +
        "proxyAddresses: SMTP:john@example.com\r\n" +
        "proxyAddresses: smtp:jd@example.com\r\n" +
        "description::   w6lsw6h2ZQ==\r\n" +
        "\r\n" +
        "\r\n" +
        "dn:: Q049Wm/DqyBNw7xsbGVyLERDPWV4YW1wbGU=\r\n" +
        "objectClass: user\r\n";

    [Fact]
    public void Read_Rfc2849Features_ParsesEveryEntry()
    {
        var entries = LdifReader.Read(new StringReader(Sample));

        Assert.Equal(2, entries.Count);
        var john = entries[0];
        Assert.Equal("CN=John Doe,OU=Staff,DC=corp,DC=example", john.DistinguishedName);
        Assert.Equal("john.doe@corp.example", john.String("userprincipalname"));
        Assert.Equal(["SMTP:john@example.com", "smtp:jd@example.com"], john.Strings("proxyAddresses"));
        Assert.Equal(["top", "user"], john.Strings("objectClass"));
        Assert.Equal(Convert.FromBase64String("yYuRNW0Z6kCXeYidebdT8A=="), john.Values("objectGUID")[0]);
        Assert.Equal("élève", john.String("description"));
        Assert.Equal("CN=Zoë Müller,DC=example", entries[1].DistinguishedName);
    }

    [Fact]
    public void Read_LfOnlyAndNoVersion_SameResult()
    {
        var lf = Sample.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("version: 1\n", string.Empty, StringComparison.Ordinal);

        var entries = LdifReader.Read(new StringReader(lf));

        Assert.Equal(2, entries.Count);
        Assert.Equal("john.doe@corp.example", entries[0].String("userPrincipalName"));
    }

    [Fact]
    public void Read_AttributeOptions_Stripped()
    {
        var entries = LdifReader.Read(new StringReader("dn: CN=x\nobjectGUID;binary:: yYuRNW0Z6kCXeYidebdT8A==\n"));

        Assert.Single(entries[0].Values("objectGUID"));
    }

    [Theory]
    [InlineData("objectClass: user\n", "must start with dn")]
    [InlineData("dn: CN=x\nobjectGUID:: not*base64\n", "Base64")]
    [InlineData("dn: CN=x\nnocolon\n", "attribute: value")]
    [InlineData(" leading continuation\n", "continuation")]
    [InlineData("dn: CN=x\njpegPhoto:< file:///etc/passwd\n", "URL values")]
    public void Read_Malformed_FailsAsMisconfiguredWithLine(string ldif, string expected)
    {
        var ex = Assert.Throws<OnPremDirectoryException>(() => LdifReader.Read(new StringReader(ldif)));

        Assert.Equal(OnPremFailure.Misconfigured, ex.Failure);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LdapFilterEscape_SpecialCharacters_EscapedPerRfc4515()
    {
        Assert.Equal(@"\2a\29\28\5c\00", LdapFilter.Escape("*)(\\\0"));
        Assert.Equal("megan.o'brien@contoso.com", LdapFilter.Escape("megan.o'brien@contoso.com"));
        Assert.Equal("Zoë", LdapFilter.Escape("Zoë"));
    }

    [Fact]
    public void ToLdapFilter_Mail_SearchesMailAndSmtpProxyAddress()
    {
        var filter = DirectoryQuery.ForMail("SMTP:a*b@x.com")!.ToLdapFilter();

        Assert.Equal(@"(&(objectClass=user)(!(objectClass=computer))(|(mail=a\2ab@x.com)(proxyAddresses=smtp:a\2ab@x.com)))", filter);
        Assert.Null(DirectoryQuery.ForUserPrincipalName(new string('a', 2000)));
        Assert.Null(DirectoryQuery.ForUserPrincipalName("a\0b"));
        Assert.Equal("jdoe", DirectoryQuery.ForSamAccountName(@"CORP\jdoe")!.Value);
    }

    internal static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
