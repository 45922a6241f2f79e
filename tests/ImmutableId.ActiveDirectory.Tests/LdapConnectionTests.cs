using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure;
using Azure.Security.KeyVault.Secrets;
using ImmutableId.ActiveDirectory.Passwords;
using ImmutableId.Core.Anchors;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace ImmutableId.ActiveDirectory.Tests;

/// <summary>Transport, trust, credentials and failures against the real Samba AD DC.</summary>
public sealed class LdapConnectionTests
{
    private const string Upn = "john.doe@corp.contoso.test";

    [Fact]
    public async Task Ldaps_TrustedCaFolder_Works()
    {
        using var directory = Samba.Directory(o => o.TrustedCaPath = Samba.Get("SAMBA_CA_DIR"));

        Assert.True((await directory.FindByUserPrincipalNameAsync(Upn)).Found);
    }

    [Fact]
    public async Task Ldaps_UntrustedCa_FailsAsTlsTrustWithoutHanging()
    {
        using var directory = Samba.Directory(o =>
        {
            o.TrustedCaPath = Samba.Get("SAMBA_UNTRUSTED_CA_CERT");
            o.Timeout = TimeSpan.FromSeconds(10);
        });
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<OnPremDirectoryException>(() => directory.FindByUserPrincipalNameAsync(Upn));

        Assert.Equal(OnPremFailure.TlsTrust, ex.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task StartTls_TrustedCa_Works()
    {
        using var directory = Samba.Directory(o => { o.Transport = LdapTransport.StartTls; o.Port = 389; });

        Assert.True((await directory.FindByUserPrincipalNameAsync(Upn)).Found);
    }

    [Fact]
    public async Task StartTls_UntrustedCa_FailsAsTlsTrust()
    {
        using var directory = Samba.Directory(o =>
        {
            o.Transport = LdapTransport.StartTls;
            o.Port = 389;
            o.TrustedCaPath = Samba.Get("SAMBA_UNTRUSTED_CA_CERT");
        });

        var ex = await Assert.ThrowsAsync<OnPremDirectoryException>(() => directory.FindByUserPrincipalNameAsync(Upn));

        Assert.Equal(OnPremFailure.TlsTrust, ex.Failure);
    }

    [Fact]
    public async Task Plain_WhenAllowed_Works()
    {
        using var directory = Samba.Directory(o =>
        {
            o.Transport = LdapTransport.Plain;
            o.Port = 389;
            o.AllowInsecurePlainLdap = true;
        });

        Assert.True((await directory.FindByUserPrincipalNameAsync(Upn)).Found);
    }

    [Fact]
    public void Plain_WhenNotAllowed_FailsValidation()
    {
        var options = Samba.Options(o => { o.Transport = LdapTransport.Plain; o.Port = 389; });

        var result = new OnPremOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("AllowInsecurePlainLdap", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bind_WrongPassword_FailsAsInvalidCredentialsWithoutThePassword()
    {
        const string wrong = "Wrong-Password-123!";
        using var directory = Samba.Directory(o => o.BindPassword = wrong);

        var ex = await Assert.ThrowsAsync<OnPremDirectoryException>(() => directory.FindByUserPrincipalNameAsync(Upn));

        Assert.Equal(OnPremFailure.InvalidCredentials, ex.Failure);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_NothingListening_FailsAsUnreachableWithinTimeout()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var directory = Samba.Directory(o => { o.Port = port; o.Timeout = TimeSpan.FromSeconds(5); });
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<OnPremDirectoryException>(() => directory.FindByUserPrincipalNameAsync(Upn));

        Assert.Equal(OnPremFailure.Unreachable, ex.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Search_BaseDnMissing_FailsAsMisconfigured()
    {
        using var directory = Samba.Directory(o => o.BaseDns = ["OU=Nowhere," + Samba.TestOu]);

        var ex = await Assert.ThrowsAsync<OnPremDirectoryException>(() => directory.FindByUserPrincipalNameAsync(Upn));

        Assert.Equal(OnPremFailure.Misconfigured, ex.Failure);
    }

    [Fact]
    public async Task WriteConsistencyGuid_NotAllowed_Refused()
    {
        using var directory = Samba.Directory();

        var ex = await Assert.ThrowsAsync<OnPremDirectoryException>(() =>
            directory.WriteConsistencyGuidAsync(Guid.NewGuid(), SourceAnchor.FromGuid(Guid.NewGuid())));

        Assert.Equal(OnPremFailure.Refused, ex.Failure);
    }

    [Fact]
    public async Task WriteConsistencyGuid_Allowed_StampsTheAnchorAndReadsItBack()
    {
        using var directory = Samba.Directory(o => o.AllowConsistencyGuidWrite = true);
        var user = (await directory.FindByUserPrincipalNameAsync("olga.other@corp.contoso.test")).User!;
        var oldForestAnchor = SourceAnchor.FromGuid(Guid.NewGuid());

        var written = await directory.WriteConsistencyGuidAsync(user.ObjectGuid, oldForestAnchor);

        Assert.Equal(oldForestAnchor, written.User!.ConsistencyGuid);
        Assert.Equal(AnchorSource.ConsistencyGuid, written.User.AnchorSource);
        Assert.Equal(user.ObjectGuid, written.User.ObjectGuid);
        Assert.False((await directory.WriteConsistencyGuidAsync(Guid.NewGuid(), oldForestAnchor)).Found);
    }

    [Fact]
    public async Task Bind_PasswordRotatedInKeyVault_RereadsSecretAndSucceeds()
    {
        // A service account of its own, so that changing its password disturbs no other test.
        var sam = "svc" + Guid.NewGuid().ToString("N")[..12];
        var upn = sam + "@" + Samba.Get("SAMBA_REALM").ToLowerInvariant();
        var oldPassword = "Old-" + Guid.NewGuid().ToString("N")[..12] + "a1!";
        var newPassword = "New-" + Guid.NewGuid().ToString("N")[..12] + "b2!";
        var dn = $"CN={sam},OU=Other,{Samba.TestOu}";
        using (var admin = Samba.AdminConnection())
        {
            admin.SendRequest(new AddRequest(dn,
                new DirectoryAttribute("objectClass", "user"),
                new DirectoryAttribute("sAMAccountName", sam),
                new DirectoryAttribute("userPrincipalName", upn),
                new DirectoryAttribute("unicodePwd", UnicodePwd(oldPassword)),
                new DirectoryAttribute("userAccountControl", "512")));
        }

        var secrets = new Mock<SecretClient>();
        secrets.SetupSequence(c => c.GetSecretAsync("ldap-bind", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Secret(oldPassword))
            .ReturnsAsync(Secret(newPassword));
        using var source = new KeyVaultPasswordSource(secrets.Object, "ldap-bind", NullLogger<KeyVaultPasswordSource>.Instance);
        var options = Samba.Options(o => { o.BindUserName = upn; o.BindPassword = null; });
        using (var before = Samba.Directory(options, source))
        {
            Assert.True((await before.FindByUserPrincipalNameAsync(Upn)).Found);
        }

        using (var admin = Samba.AdminConnection())
        {
            admin.SendRequest(new ModifyRequest(dn, DirectoryAttributeOperation.Replace, "unicodePwd", UnicodePwd(newPassword)));
        }

        using var after = Samba.Directory(options, source); // a new connection binds with the cached, now stale, password
        var lookup = await after.FindByUserPrincipalNameAsync(Upn);

        Assert.True(lookup.Found);
        secrets.Verify(c => c.GetSecretAsync("ldap-bind", null, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    private static byte[] UnicodePwd(string password) => Encoding.Unicode.GetBytes("\"" + password + "\"");

    private static Response<KeyVaultSecret> Secret(string value) =>
        Response.FromValue(SecretModelFactory.KeyVaultSecret(SecretModelFactory.SecretProperties(name: "ldap-bind"), value), Mock.Of<Response>());
}
