using ImmutableId.ActiveDirectory.Ldif;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImmutableId.ActiveDirectory.Tests;

/// <summary>The demo LDIF the sandbox uses, through the LDIF directory.</summary>
public sealed class LdifDirectoryTests
{
    private static readonly string DemoPath = Path.Combine(AppContext.BaseDirectory, "Demo", "demo-directory.ldif");

    private static LdifOnPremDirectory Demo(params string[] baseDns) => new(
        Options.Create(new OnPremOptions { Mode = OnPremMode.Ldif, LdifPath = DemoPath, BaseDns = [.. baseDns] }),
        NullLogger<LdifOnPremDirectory>.Instance);

    [Theory]
    [InlineData("adele.vance@contoso.com")]
    [InlineData("alex.wilber@contoso.com")]
    [InlineData("megan.o'brien@contoso.com")]
    [InlineData("zoe.muller@contoso.com")]
    [InlineData("lee.gu@contoso.com")]
    [InlineData("nestor.wilke@contoso.com")]
    [InlineData("diego.siciliani@contoso.com")]
    [InlineData("pradeep.gupta@fabrikam.com")]
    [InlineData("grady.archie@contoso.com")]
    public async Task FindByUserPrincipalName_EmulatorDemoTenantUser_Found(string upn)
    {
        var lookup = await Demo().FindByUserPrincipalNameAsync(upn.ToUpperInvariant());

        Assert.True(lookup.Found);
        Assert.Equal(upn, lookup.User!.UserPrincipalName);
    }

    [Fact]
    public async Task Demo_SpecialUsers_MatchTheEmulatorScenarios()
    {
        var directory = Demo("OU=Staff,DC=contoso,DC=com");

        var lee = (await directory.FindByUserPrincipalNameAsync("lee.gu@contoso.com")).User!;
        var nestor = (await directory.FindByUserPrincipalNameAsync("nestor.wilke@contoso.com")).User!;
        var patti = (await directory.FindByUserPrincipalNameAsync("patti.fernandez@contoso.com")).User!;
        var grady = (await directory.FindByUserPrincipalNameAsync("grady.archie@contoso.com")).User!;
        var diego = (await directory.FindByUserPrincipalNameAsync("diego.siciliani@contoso.com")).User!;
        var zoe = (await directory.FindBySamAccountNameAsync("CONTOSO\\ZoeM")).User!;

        Assert.Equal("HIorb049UE+Ka3yNng8aKw==", lee.Anchor.ToImmutableId());
        Assert.Equal("CN=Lee Gu,OU=Staff,DC=contoso,DC=com", lee.DistinguishedName);
        Assert.Equal("yYuRNW0Z6kCXeYidebdT8A==", nestor.Anchor.ToImmutableId());
        Assert.Equal(AnchorSource.ConsistencyGuid, patti.AnchorSource);
        Assert.True(patti.AnchorMismatch);
        Assert.False(grady.Enabled);
        Assert.True(diego.IsProtected);
        Assert.Equal("CN=Zoë Müller,OU=Staff,DC=contoso,DC=com", zoe.DistinguishedName);
        Assert.Equal(nestor.DistinguishedName, (await directory.FindByObjectGuidAsync(nestor.ObjectGuid)).User?.DistinguishedName);
        Assert.True((await directory.FindByMailAsync("smtp:adele.vance@contoso.com")).Found);
    }

    [Fact]
    public async Task EnumerateUsers_OtherBaseDn_NothingOutsideIt()
    {
        var directory = Demo("OU=Elsewhere,DC=contoso,DC=com");

        Assert.False((await directory.FindByUserPrincipalNameAsync("adele.vance@contoso.com")).Found);
        var count = 0;
        await foreach (var _ in Demo().EnumerateUsersAsync())
        {
            count++;
        }

        Assert.Equal(12, count);
    }

    [Fact]
    public async Task Find_MissingFile_FailsAsMisconfigured()
    {
        var directory = new LdifOnPremDirectory(
            Options.Create(new OnPremOptions { Mode = OnPremMode.Ldif, LdifPath = "/nonexistent/x.ldif" }),
            NullLogger<LdifOnPremDirectory>.Instance);

        var ex = await Assert.ThrowsAsync<OnPremDirectoryException>(() => directory.FindByUserPrincipalNameAsync("a@b.c"));

        Assert.Equal(OnPremFailure.Misconfigured, ex.Failure);
    }
}
