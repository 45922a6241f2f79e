using ImmutableId.ActiveDirectory.Ldif;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImmutableId.ActiveDirectory.Tests;

/// <summary>The LDIF directory over `ldapsearch -LLL` output answers exactly as LDAP does for the same users.</summary>
public sealed class LdifParityTests
{
    [Fact]
    public async Task EveryLookup_SambaExport_SameResultsAsLdap()
    {
        var staff = Samba.StaffOu;
        using var ldap = Samba.Directory(o => o.BaseDns = [staff]);
        var ldif = new LdifOnPremDirectory(
            Options.Create(new OnPremOptions { Mode = OnPremMode.Ldif, LdifPath = Samba.Get("SAMBA_EXPORT_LDIF"), BaseDns = [staff] }),
            NullLogger<LdifOnPremDirectory>.Instance);

        var fromLdap = new List<OnPremUser>();
        await foreach (var user in ldap.EnumerateUsersAsync())
        {
            fromLdap.Add(user);
        }

        var fromLdif = new List<OnPremUser>();
        await foreach (var user in ldif.EnumerateUsersAsync())
        {
            fromLdif.Add(user);
        }

        Assert.True(fromLdap.Count >= 9, $"only {fromLdap.Count} staff users");
        Assert.Equal(fromLdap.Select(Describe).Order(), fromLdif.Select(Describe).Order());
        foreach (var user in fromLdap)
        {
            Assert.Equal(Describe(await ldap.FindByObjectGuidAsync(user.ObjectGuid)), Describe(await ldif.FindByObjectGuidAsync(user.ObjectGuid)));
            Assert.Equal(Describe(await ldap.FindByUserPrincipalNameAsync(user.UserPrincipalName!.ToUpperInvariant())),
                Describe(await ldif.FindByUserPrincipalNameAsync(user.UserPrincipalName!.ToUpperInvariant())));
            Assert.Equal(Describe(await ldap.FindBySamAccountNameAsync("CORP\\" + user.SamAccountName)),
                Describe(await ldif.FindBySamAccountNameAsync("CORP\\" + user.SamAccountName)));
            if (user.Mail is { } mail)
            {
                Assert.Equal(Describe(await ldap.FindByMailAsync(mail)), Describe(await ldif.FindByMailAsync(mail)));
            }
        }

        Assert.Equal(Describe(await ldap.FindByMailAsync("smtp:jd@contoso.com")), Describe(await ldif.FindByMailAsync("smtp:jd@contoso.com")));
        Assert.Equal(Describe(await ldap.FindByMailAsync("*")), Describe(await ldif.FindByMailAsync("*")));
    }

    internal static string Describe(OnPremLookup lookup) =>
        lookup.User is { } user ? Describe(user) : "matches:" + string.Join("|", lookup.Matches.Order(StringComparer.Ordinal));

    internal static string Describe(OnPremUser u) => string.Join(" ; ",
        u.DistinguishedName, u.ObjectGuid, u.ConsistencyGuid?.ToImmutableId(), u.UserPrincipalName, u.SamAccountName, u.Mail,
        string.Join(",", u.ProxyAddresses.Order(StringComparer.Ordinal)), u.Enabled, u.AdminCount, u.WhenChanged?.ToString("O"),
        u.Anchor.ToImmutableId(), u.AnchorSource, u.AnchorMismatch);
}
