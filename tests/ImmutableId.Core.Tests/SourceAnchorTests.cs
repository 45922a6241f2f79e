using ImmutableId.Core.Anchors;

namespace ImmutableId.Core.Tests;

public sealed class SourceAnchorTests
{
    // The documented vector (entra-rules.md): objectGUID 35918bc9-… has bytes c98b9135… and ImmutableId yYuRNW0Z6kCXeYidebdT8A==.
    private const string VectorGuid = "35918bc9-196d-40ea-9779-889d79b753f0";
    private const string VectorImmutableId = "yYuRNW0Z6kCXeYidebdT8A==";
    private const string VectorHex = "c98b91356d19ea409779889d79b753f0";
    private const string VectorLdap = @"\c9\8b\91\35\6d\19\ea\40\97\79\88\9d\79\b7\53\f0";

    private static readonly SourceAnchor Vector = SourceAnchor.FromGuid(Guid.Parse(VectorGuid));

    [Fact]
    public void ToImmutableId_DocumentedVector_IsBase64OfMixedEndianBytes()
    {
        Assert.Equal(VectorImmutableId, Vector.ToImmutableId());
        Assert.Equal(VectorHex, Vector.ToHex());
        Assert.Equal(VectorLdap, Vector.ToLdapFilterValue());
        Assert.Equal($"(objectGUID={VectorLdap})", Vector.ToObjectGuidFilter());
        Assert.Equal(VectorGuid, Vector.ToGuidString());
    }

    [Fact]
    public void ToConnectorSpaceDn_DocumentedVector_IsHexOfTheBase64Text()
    {
        // "yYuRNW0Z6kCXeYidebdT8A==" as ASCII, in hex.
        Assert.Equal("CN={795975524E57305A366B4358655969646562645438413D3D}", Vector.ToConnectorSpaceDn());
    }

    [Theory]
    [InlineData(VectorGuid, AnchorFormat.Guid)]
    [InlineData("{35918BC9-196D-40EA-9779-889D79B753F0}", AnchorFormat.Guid)]
    [InlineData("(35918bc9-196d-40ea-9779-889d79b753f0)", AnchorFormat.Guid)]
    [InlineData("{35918bc9196d40ea9779889d79b753f0}", AnchorFormat.Guid)]
    [InlineData("  35918bc9-196d-40ea-9779-889d79b753f0\r\n", AnchorFormat.Guid)]
    [InlineData(VectorImmutableId, AnchorFormat.ImmutableId)]
    [InlineData("0x" + VectorHex, AnchorFormat.Hex)]
    [InlineData("0XC98B91356D19EA409779889D79B753F0", AnchorFormat.Hex)]
    [InlineData("c9 8b 91 35 6d 19 ea 40 97 79 88 9d 79 b7 53 f0", AnchorFormat.Hex)]
    [InlineData("C9-8B-91-35-6D-19-EA-40-97-79-88-9D-79-B7-53-F0", AnchorFormat.Hex)]
    [InlineData("c9:8b:91:35:6d:19:ea:40:97:79:88:9d:79:b7:53:f0", AnchorFormat.Hex)]
    [InlineData(VectorLdap, AnchorFormat.LdapEscaped)]
    [InlineData(@"\C9\8B\91\35\6D\19\EA\40\97\79\88\9D\79\B7\53\F0", AnchorFormat.LdapEscaped)]
    [InlineData("(objectGUID=" + VectorLdap + ")", AnchorFormat.LdapEscaped)]
    [InlineData("CN={795975524E57305A366B4358655969646562645438413D3D}", AnchorFormat.ConnectorSpaceDn)]
    [InlineData("cn={7959755224e57305a366b4358655969646562645438413d3d}", null)]
    [InlineData("{795975524E57305A366B4358655969646562645438413D3D}", AnchorFormat.ConnectorSpaceDn)]
    public void Parse_EveryFormOfTheVector_DetectsFormAndDecodesSameBytes(string input, AnchorFormat? expected)
    {
        var result = SourceAnchor.Parse(input);

        if (expected is null)
        {
            // Deliberately corrupted DN (an extra digit): refused, naming the form.
            Assert.False(result.Success);
            Assert.Equal(AnchorFormat.ConnectorSpaceDn, result.Error!.LookedLike);
            return;
        }

        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal(expected, result.Format);
        Assert.Equal(Vector, result.Anchor);
    }

    [Fact]
    public void Parse_ThirtyTwoBareHexDigits_IsAmbiguous()
    {
        var result = SourceAnchor.Parse(VectorHex);

        Assert.False(result.Success);
        Assert.Equal(AnchorParseError.Ambiguous, result.Error!.Code);
        Assert.Contains("from", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ThirtyTwoBareHexDigitsForcedAsGuidOrHex_GivesDifferentAnchors()
    {
        var asGuid = SourceAnchor.Parse("35918bc9196d40ea9779889d79b753f0", AnchorFormat.Guid);
        var asHex = SourceAnchor.Parse(VectorHex, AnchorFormat.Hex);

        Assert.Equal(Vector, asGuid.Anchor);
        Assert.Equal(Vector, asHex.Anchor);
        Assert.NotEqual(SourceAnchor.Parse(VectorHex, AnchorFormat.Guid).Anchor, asHex.Anchor);
    }

    [Theory]
    [InlineData("", AnchorParseError.Empty, null)]
    [InlineData("   ", AnchorParseError.Empty, null)]
    [InlineData("yYuRNW0Z6kCXeYidebdT8A", AnchorParseError.Invalid, AnchorFormat.ImmutableId)]          // no padding
    [InlineData("yYuRNW0Z6kCXeYidebdT8A=", AnchorParseError.Invalid, AnchorFormat.ImmutableId)]         // one '='
    [InlineData("yYuRNW0Z6kCXeYidebdT8A===", AnchorParseError.Invalid, AnchorFormat.ImmutableId)]       // three '='
    [InlineData("yYuRNW0Z6kCXeYidebdT8B==", AnchorParseError.Invalid, AnchorFormat.ImmutableId)]        // non-canonical bits
    [InlineData("yYuRNW0Z6kCXeYid-bdT8A==", AnchorParseError.Invalid, AnchorFormat.ImmutableId)]        // URL-safe
    [InlineData("yYuRNW0Z6kCXeYid_bdT8A==", AnchorParseError.Invalid, AnchorFormat.ImmutableId)]        // URL-safe / '_'
    [InlineData("yYuRNW0Z6kCXeYid$bdT8A==", AnchorParseError.Invalid, AnchorFormat.ImmutableId)]        // '$'
    [InlineData("yYuRNW0Z6kC XeYidebdT8A==", AnchorParseError.Invalid, AnchorFormat.ImmutableId)]       // inner space
    [InlineData("yYuRNW0Z6kCXeYidebdT8AAAAA==", AnchorParseError.Invalid, AnchorFormat.ImmutableId)]    // 19 bytes
    [InlineData("AAAA", AnchorParseError.Invalid, AnchorFormat.ImmutableId)]                            // 3 bytes
    [InlineData("35918bc9-196d-40ea-9779-889d79b753f", AnchorParseError.Invalid, AnchorFormat.Guid)]    // 31 digits
    [InlineData("35918bc9-196d-40ea-9779-889d79b753f00", AnchorParseError.Invalid, AnchorFormat.Guid)]  // 33 digits
    [InlineData("{35918bc9-196d-40ea-9779-889d79b753f0", AnchorParseError.Invalid, AnchorFormat.Guid)]  // one brace
    [InlineData("0xc98b91356d19ea409779889d79b753", AnchorParseError.Invalid, AnchorFormat.Hex)]        // 15 bytes
    [InlineData("0xc98b91356d19ea409779889d79b753f0zz", AnchorParseError.Invalid, AnchorFormat.Hex)]
    [InlineData(@"\c9\8b\91\35\6d\19\ea\40\97\79\88\9d\79\b7\53", AnchorParseError.Invalid, AnchorFormat.LdapEscaped)]
    [InlineData(@"\c9\8b\91\35\6d\19\ea\40\97\79\88\9d\79\b7\53\f0\00", AnchorParseError.Invalid, AnchorFormat.LdapEscaped)]
    [InlineData(@"\c9\8b\91\35\6d\19\ea\40\97\79\88\9d\79\b7\53\fg", AnchorParseError.Invalid, AnchorFormat.LdapEscaped)]
    [InlineData("CN={7959}", AnchorParseError.Invalid, AnchorFormat.ConnectorSpaceDn)]
    [InlineData("CN=John Smith,OU=Users,DC=corp", AnchorParseError.Invalid, AnchorFormat.ConnectorSpaceDn)]
    [InlineData("john@contoso.com", AnchorParseError.Unrecognized, null)]
    [InlineData("*)(objectClass=*", AnchorParseError.Unrecognized, null)]
    public void Parse_InvalidInput_RefusesWithCodeAndForm(string input, string code, AnchorFormat? lookedLike)
    {
        var result = SourceAnchor.Parse(input);

        Assert.False(result.Success);
        Assert.Equal(code, result.Error!.Code);
        Assert.Equal(lookedLike, result.Error.LookedLike);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
    }

    [Theory]
    [InlineData("35918bc9-196d-40ea-9779-889d79b753fg", "'g' (character 36) is not a hex digit")]
    [InlineData("35918bc9-196d-40ea-9779-889d79b7S3f0", "'S' (character 33) is not a hex digit")]
    [InlineData("3591Obc9-196d-40ea-9779-889d79b753fo", "'O' (character 5), 'o' (character 36) are not hex digits")]
    public void Parse_GuidWithOneBadCharacter_NamesTheCharacterNotBase64(string input, string expected)
    {
        var result = SourceAnchor.Parse(input);

        Assert.Equal(AnchorParseError.Invalid, result.Error!.Code);
        Assert.Equal(AnchorFormat.Guid, result.Error.LookedLike);
        Assert.Contains(expected, result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Base64", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NonCanonicalBase64_NamesTheCanonicalValue()
    {
        var result = SourceAnchor.Parse("yYuRNW0Z6kCXeYidebdT8B==");

        Assert.Contains(VectorImmutableId, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TenKilobytes_RefusedWithoutWork()
    {
        var result = SourceAnchor.Parse(new string('A', 10_240));

        Assert.Equal(AnchorParseError.Invalid, result.Error!.Code);
    }

    [Fact]
    public void Parse_Null_IsEmpty()
    {
        Assert.Equal(AnchorParseError.Empty, SourceAnchor.Parse(null).Error!.Code);
    }

    [Fact]
    public void FromBytes_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => SourceAnchor.FromBytes(new byte[15]));
    }

    [Fact]
    public void ToByteArray_IsGuidToByteArrayOrder()
    {
        var guid = Guid.Parse(VectorGuid);

        Assert.Equal(guid.ToByteArray(), SourceAnchor.FromGuid(guid).ToByteArray());
        Assert.Equal(Convert.FromHexString(VectorHex), Vector.ToByteArray());
    }

    [Fact]
    public void Equality_SameBytes_AreEqual()
    {
        var a = SourceAnchor.FromBytes(Convert.FromHexString(VectorHex));

        Assert.True(a == Vector);
        Assert.False(a != Vector);
        Assert.Equal(a.GetHashCode(), Vector.GetHashCode());
        Assert.Equal(VectorImmutableId, a.ToString());
    }
}
