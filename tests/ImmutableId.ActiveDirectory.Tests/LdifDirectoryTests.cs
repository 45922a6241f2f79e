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

    [Fact]
    public async Task Find_LargeDirectory_ExaminesOnlyTheMatchingEntries()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("immutableid-ldif-").FullName, "large.ldif");
        await using (var writer = new StreamWriter(path))
        {
            for (var i = 0; i < 2000; i++)
            {
                var guid = Convert.ToBase64String(Guid(i).ToByteArray());
                await writer.WriteAsync($"dn: CN=User {i},OU=Staff,DC=contoso,DC=com\nobjectClass: user\nobjectGUID:: {guid}\nsAMAccountName: user{i}\n" +
                    $"userPrincipalName: user{i}@contoso.com\nmail: user{i}@contoso.com\nproxyAddresses: SMTP:user{i}@contoso.com\nproxyAddresses: smtp:alias{i}@contoso.com\n\n");
            }
        }

        var directory = new LdifOnPremDirectory(
            Options.Create(new OnPremOptions { Mode = OnPremMode.Ldif, LdifPath = path, BaseDns = ["OU=Staff,DC=contoso,DC=com"] }),
            NullLogger<LdifOnPremDirectory>.Instance);

        var byUpn = await directory.FindByUserPrincipalNameAsync("USER1500@contoso.com");
        var bySam = await directory.FindBySamAccountNameAsync("CONTOSO\\user7");
        var byMail = await directory.FindByMailAsync("SMTP:user42@contoso.com");
        var byAlias = await directory.FindByMailAsync("alias43@contoso.com");
        var byGuid = await directory.FindByObjectGuidAsync(Guid(1999));
        var missing = await directory.FindByUserPrincipalNameAsync("nobody@contoso.com");

        Assert.Equal("user1500@contoso.com", byUpn.User?.UserPrincipalName);
        Assert.Equal("CN=User 7,OU=Staff,DC=contoso,DC=com", bySam.User?.DistinguishedName);
        Assert.Equal("CN=User 42,OU=Staff,DC=contoso,DC=com", byMail.User?.DistinguishedName);
        Assert.Equal("CN=User 43,OU=Staff,DC=contoso,DC=com", byAlias.User?.DistinguishedName);
        Assert.Equal(Guid(1999), byGuid.User?.ObjectGuid);
        Assert.False(missing.Found);
        // The index hands each lookup its match only (user42 by mail and by proxy address: once); a scan reads 2000 each.
        Assert.Equal(5, directory.EntriesExamined);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);

        static Guid Guid(int i) => new(0x0a000000 + i, 0, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 1);
    }
}
