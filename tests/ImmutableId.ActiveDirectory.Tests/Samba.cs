using System.DirectoryServices.Protocols;
using System.Net;
using ImmutableId.ActiveDirectory.Ldap;
using ImmutableId.ActiveDirectory.Passwords;
using ImmutableId.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImmutableId.ActiveDirectory.Tests;

/// <summary>The Samba AD DC that tests/servers/samba/start.sh started (settings from <see cref="TestServers"/>), as the LDAP adapter's options.</summary>
internal static class Samba
{
    public static string Get(string name) => TestServers.Require(name);

    public static string Host => TestServers.Samba.Host;
    public static string BindUser => TestServers.Samba.BindUser;
    public static string BindPassword => TestServers.Samba.BindPassword;
    public static string CaCert => TestServers.Samba.CaCert;
    public static string TestOu => TestServers.Samba.TestOu;
    public static string StaffOu => TestServers.Samba.StaffOu;

    /// <summary>LDAPS with the test CA and the Administrator bind, scoped to the test OU unless told otherwise.</summary>
    public static OnPremOptions Options(Action<OnPremOptions>? change = null)
    {
        var options = new OnPremOptions
        {
            Mode = OnPremMode.Ldap,
            Server = Host,
            Port = 636,
            Transport = LdapTransport.Ldaps,
            TrustedCaPath = CaCert,
            BindUserName = BindUser,
            BindPassword = BindPassword,
            BaseDns = [TestOu],
            Timeout = TimeSpan.FromSeconds(20),
            PageSize = 500,
        };
        change?.Invoke(options);
        return options;
    }

    public static LdapOnPremDirectory Directory(OnPremOptions options, ILdapPasswordSource? passwords = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options),
            passwords ?? new StaticPasswordSource(options.BindPassword),
            NullLogger<LdapOnPremDirectory>.Instance);

    public static LdapOnPremDirectory Directory(Action<OnPremOptions>? change = null) => Directory(Options(change));

    /// <summary>A raw admin connection over LDAPS (for test setup such as password resets).</summary>
    public static LdapConnection AdminConnection()
    {
        var connector = new LdapConnector(Options());
        return connector.Connect(BindPassword);
    }

    internal sealed class StaticPasswordSource(string? password) : ILdapPasswordSource
    {
        public ValueTask<string?> GetPasswordAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(password);

        public void Invalidate()
        {
        }
    }
}
