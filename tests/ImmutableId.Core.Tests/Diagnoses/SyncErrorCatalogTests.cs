using System.Text.RegularExpressions;
using ImmutableId.Core.Diagnoses;

namespace ImmutableId.Core.Tests.Diagnoses;

public sealed class SyncErrorCatalogTests
{
    [Theory]
    [InlineData("Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.", SyncErrorKind.HardMatchSecurityHardening)]
    [InlineData("Unable to update this object in Microsoft Online Services, because the attribute FederatedUser.UserPrincipalName is not valid. Update the value in your local Active Directory", SyncErrorKind.FederatedDomainChangeError)]
    [InlineData("Unable to update this object in Azure Active Directory, because the attribute [FederatedUser.UserPrincipalName], is not valid. Update the value in your local directory services.", SyncErrorKind.FederatedDomainChangeError)]
    [InlineData("InvalidSoftMatch", SyncErrorKind.InvalidSoftMatch)]
    [InlineData("Error Name: AttributeValueMustBeUnique", SyncErrorKind.AttributeValueMustBeUnique)]
    [InlineData("objecttypemismatch", SyncErrorKind.ObjectTypeMismatch)]
    [InlineData("Unable to update this object in Azure Active Directory, because the attribute [None], is not valid. Update the value in your local directory services.", SyncErrorKind.DataValidationFailed)]
    [InlineData("ErrorCode 0x8023134a", SyncErrorKind.DataValidationFailed)]
    [InlineData("IdentityDataValidationFailed", SyncErrorKind.DataValidationFailed)]
    [InlineData("InvalidHardMatch", SyncErrorKind.InvalidHardMatch)]
    [InlineData("Existing Admin Role Conflict", SyncErrorKind.ExistingAdminRoleConflict)]
    public void Recognize_RealTexts_TheirError(string text, SyncErrorKind kind)
    {
        var recognition = SyncErrorCatalog.Recognize(text);

        Assert.Equal(kind, recognition!.Rule.Kind);
        Assert.NotEmpty(recognition.Rule.Sources);
    }

    [Fact]
    public void Patterns_LinearTime_NoWallClockTimeout()
    {
        // A match timeout is wall-clock time: on a busy machine a known error came back "not recognised". The patterns
        // run without backtracking instead, linear in the (capped) text, whatever the load.
        Assert.All(SyncErrorCatalog.Rules.SelectMany(r => r.Patterns), p =>
        {
            Assert.True(p.Options.HasFlag(RegexOptions.NonBacktracking), p.ToString());
            Assert.Equal(Regex.InfiniteMatchTimeout, p.MatchTimeout);
        });
        var adversarial = string.Concat(Enumerable.Repeat("a.", SyncErrorCatalog.MaxTextLength / 2)) + "@";

        Assert.Null(SyncErrorCatalog.Recognize(adversarial));
    }

    [Fact]
    public void Recognize_DuplicateTextWithoutCode_InvalidSoftMatchAlsoAttributeValueMustBeUniqueWithTheUpn()
    {
        var recognition = SyncErrorCatalog.Recognize(
            "Unable to update this object because the following attributes associated with this object have values that may already be associated with another object in your local directory services: [ProxyAddresses SMTP:crussell@Contoso.com,smtp:crussell@ContosoReAG.mail.onmicrosoft.com,Mail crussell@Contoso.com;]. Correct or remove the duplicate values in your local directory.");

        Assert.Equal(SyncErrorKind.InvalidSoftMatch, recognition!.Rule.Kind);
        Assert.Equal(SyncErrorKind.AttributeValueMustBeUnique, Assert.Single(recognition.AlsoPossible).Kind);
        Assert.Equal("crussell@Contoso.com", recognition.UserPrincipalNames[0]);
        Assert.Equal("ProxyAddresses", recognition.Attribute);
    }

    [Fact]
    public void Recognize_NamedUpn_ComesFirst()
    {
        var recognition = SyncErrorCatalog.Recognize("AttributeValueMustBeUnique [ProxyAddresses SMTP:x@contoso.com;] [UserPrincipalName john@contoso.com;]");

        Assert.Equal("john@contoso.com", recognition!.UserPrincipalNames[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("the printer is on fire")]
    [InlineData("InvalidSoftMatchingTable")]
    public void Recognize_Unknown_Null(string text) => Assert.Null(SyncErrorCatalog.Recognize(text));

    [Fact]
    public void Recognize_HugeText_BoundedAndNoThrow()
    {
        var text = new string('a', 1_000_000) + "InvalidSoftMatch";

        Assert.Null(SyncErrorCatalog.Recognize(text));
    }
}
