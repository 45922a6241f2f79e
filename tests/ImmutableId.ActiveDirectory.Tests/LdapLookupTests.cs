using System.Diagnostics;
using ImmutableId.Core.Anchors;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.ActiveDirectory.Tests;

/// <summary>Lookups against the real Samba AD DC, over LDAPS with certificate validation.</summary>
public sealed class LdapLookupTests
{
    [Fact]
    public async Task FindByUserPrincipalName_NormalUser_ReturnsEveryAttribute()
    {
        using var directory = Samba.Directory();

        var lookup = await directory.FindByUserPrincipalNameAsync("JOHN.DOE@corp.contoso.test");

        Assert.True(lookup.Found);
        var user = lookup.User!;
        Assert.Equal("CN=John Doe," + Samba.StaffOu, user.DistinguishedName);
        Assert.Equal("john.doe@corp.contoso.test", user.UserPrincipalName);
        Assert.Equal("jdoe", user.SamAccountName);
        Assert.Equal("john.doe@contoso.com", user.Mail);
        Assert.Equal(["SMTP:john.doe@contoso.com", "smtp:jd@contoso.com"], user.ProxyAddresses.Order(StringComparer.Ordinal));
        Assert.True(user.Enabled);
        Assert.Null(user.AdminCount);
        Assert.NotNull(user.WhenChanged);
        Assert.Null(user.ConsistencyGuid);
        Assert.Equal(AnchorSource.ObjectGuid, user.AnchorSource);
        Assert.False(user.AnchorMismatch);
        Assert.NotEqual(Guid.Empty, user.ObjectGuid);
    }

    [Fact]
    public async Task FindByUserPrincipalName_SambaUser_ImmutableIdEqualsLdapsearchObjectGuid()
    {
        using var directory = Samba.Directory();
        var user = (await directory.FindByUserPrincipalNameAsync("adele.vance@contoso.com")).User!;

        var printed = await LdapsearchObjectGuidAsync("(userPrincipalName=adele.vance@contoso.com)");

        Assert.Equal(printed, user.Anchor.ToImmutableId());
        Assert.Equal(printed, SourceAnchor.FromGuid(user.ObjectGuid).ToImmutableId());
    }

    [Fact]
    public async Task FindByUserPrincipalName_ConsistencyGuidSet_AnchorIsConsistencyGuidWithMismatch()
    {
        using var directory = Samba.Directory();

        var user = (await directory.FindByUserPrincipalNameAsync("carla.guid@corp.contoso.test")).User!;

        Assert.Equal(AnchorSource.ConsistencyGuid, user.AnchorSource);
        Assert.Equal("AAECAwQFBgcICQoLDA0ODw==", user.Anchor.ToImmutableId());
        Assert.True(user.AnchorMismatch);
    }

    [Fact]
    public async Task FindByUserPrincipalName_DisabledAndProtectedUsers_ReportThem()
    {
        using var directory = Samba.Directory();

        var disabled = (await directory.FindByUserPrincipalNameAsync("dora.disabled@corp.contoso.test")).User!;
        var admin = (await directory.FindByUserPrincipalNameAsync("adam.admin@corp.contoso.test")).User!;

        Assert.False(disabled.Enabled);
        Assert.True(admin.Enabled);
        Assert.Equal(1, admin.AdminCount);
        Assert.True(admin.IsProtected);
    }

    [Fact]
    public async Task FindByUserPrincipalName_ApostropheUpn_Found()
    {
        using var directory = Samba.Directory();

        var lookup = await directory.FindByUserPrincipalNameAsync("megan.o'brien@contoso.com");

        Assert.True(lookup.Found);
        Assert.Equal("MeganO", lookup.User!.SamAccountName);
    }

    [Fact]
    public async Task FindByUserPrincipalName_UserInOtherOu_OnlyFoundWhenItsOuIsABaseDn()
    {
        using var staffOnly = Samba.Directory(o => o.BaseDns = [Samba.StaffOu]);
        using var both = Samba.Directory(o => o.BaseDns = [Samba.StaffOu, "OU=Other," + Samba.TestOu]);

        Assert.False((await staffOnly.FindByUserPrincipalNameAsync("olga.other@corp.contoso.test")).Found);
        Assert.True((await both.FindByUserPrincipalNameAsync("olga.other@corp.contoso.test")).Found);
        Assert.True((await both.FindByUserPrincipalNameAsync("john.doe@corp.contoso.test")).Found);
    }

    [Fact]
    public async Task FindByObjectGuid_KnownUser_RoundTrips()
    {
        using var directory = Samba.Directory();
        var user = (await directory.FindByUserPrincipalNameAsync("alex.wilber@contoso.com")).User!;

        var lookup = await directory.FindByObjectGuidAsync(user.ObjectGuid);

        Assert.Equal(user.DistinguishedName, lookup.User?.DistinguishedName);
        Assert.False((await directory.FindByObjectGuidAsync(Guid.NewGuid())).Found);
    }

    [Theory]
    [InlineData("jdoe")]
    [InlineData("CORP\\jdoe")]
    [InlineData("JDOE")]
    public async Task FindBySamAccountName_PlainOrDomainForm_Found(string name)
    {
        using var directory = Samba.Directory();

        var lookup = await directory.FindBySamAccountNameAsync(name);

        Assert.Equal("john.doe@corp.contoso.test", lookup.User?.UserPrincipalName);
    }

    [Theory]
    [InlineData("john.doe@contoso.com")]
    [InlineData("jd@contoso.com")]
    [InlineData("SMTP:JD@contoso.com")]
    public async Task FindByMail_MailOrProxyAddress_Found(string address)
    {
        using var directory = Samba.Directory();

        var lookup = await directory.FindByMailAsync(address);

        Assert.Equal("jdoe", lookup.User?.SamAccountName);
    }

    [Fact]
    public async Task FindByMail_SharedMail_AmbiguousWithBothDns()
    {
        using var directory = Samba.Directory();

        var lookup = await directory.FindByMailAsync("shared@contoso.com");

        Assert.True(lookup.Ambiguous);
        Assert.Equal(["CN=Shared One," + Samba.StaffOu, "CN=Shared Two," + Samba.StaffOu], lookup.Matches.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> Injections() => new()
    {
        "*",
        "*)(objectClass=*",
        "john.doe@corp.contoso.test)(|(userPrincipalName=*",
        "*)(|(sAMAccountName=*))(",
        "\\",
        "\\2a",
        "john.doe@corp.contoso.test\0",
        "\0",
        "jdoe*",
        new string('a', 10 * 1024),
        new string('*', 10 * 1024),
        "ｊｄｏｅ",
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task Find_InjectionAttempt_FindsNothingWithoutError(string input)
    {
        using var directory = Samba.Directory();

        Assert.False((await directory.FindByUserPrincipalNameAsync(input)).Found);
        Assert.Empty((await directory.FindBySamAccountNameAsync(input)).Matches);
        Assert.Empty((await directory.FindByMailAsync(input)).Matches);
        Assert.Empty((await directory.FindByUserPrincipalNameAsync(input)).Matches);
    }

    [Fact]
    public async Task Find_ParallelLookupsOnOneDirectory_AllAnswerCorrectly()
    {
        using var directory = Samba.Directory();
        string[] upns = ["john.doe@corp.contoso.test", "adele.vance@contoso.com", "alex.wilber@contoso.com", "megan.o'brien@contoso.com"];

        var lookups = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => Task.Run(() => directory.FindByUserPrincipalNameAsync(upns[i % upns.Length]))));

        for (var i = 0; i < lookups.Length; i++)
        {
            Assert.Equal(upns[i % upns.Length], lookups[i].User?.UserPrincipalName, ignoreCase: true);
        }
    }

    [Fact]
    public async Task Find_ConnectionDisposedUnderneath_ReconnectsAndAnswers()
    {
        using var directory = Samba.Directory();
        Assert.True((await directory.FindByUserPrincipalNameAsync("john.doe@corp.contoso.test")).Found);
        var first = directory.CurrentConnection!;

        first.Dispose();
        var lookup = await directory.FindByUserPrincipalNameAsync("adele.vance@contoso.com");

        Assert.True(lookup.Found);
        Assert.NotNull(directory.CurrentConnection);
        Assert.NotSame(first, directory.CurrentConnection);
    }

    [Fact]
    public async Task EnumerateUsers_TenThousandBulkUsers_StreamsEveryPage()
    {
        await WaitForBulkAsync();
        using var directory = Samba.Directory(o => o.PageSize = 500);

        var count = 0;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var user in directory.EnumerateUsersAsync("OU=Bulk," + Samba.TestOu))
        {
            count++;
            names.Add(user.SamAccountName!);
        }

        Assert.Equal(10_000, count);
        Assert.Equal(10_000, names.Count);
        Assert.Contains("bulk00001", names);
        Assert.Contains("bulk10000", names);
    }

    /// <summary>start.sh loads the bulk users in the background; wait (bounded) for its marker.</summary>
    private static async Task WaitForBulkAsync()
    {
        var marker = Samba.Get("SAMBA_BULK_DONE");
        var deadline = DateTime.UtcNow.AddMinutes(25);
        while (!File.Exists(marker) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
        }

        Assert.True(File.Exists(marker), $"the bulk ldapadd of start.sh did not finish in time (see {marker} and the DC's log/bulk.log)");
        Assert.Equal("ok", (await File.ReadAllTextAsync(marker)).Trim());
    }

    internal static async Task<string> LdapsearchObjectGuidAsync(string filter)
    {
        var start = new ProcessStartInfo("ldapsearch")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-x", "-LLL", "-H", "ldap://" + Samba.Host, "-D", Samba.BindUser, "-w", Samba.BindPassword, "-b", Samba.TestOu, filter, "objectGUID" },
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n').Single(l => l.StartsWith("objectGUID:: ", StringComparison.Ordinal));
        return line["objectGUID:: ".Length..].Trim();
    }
}
