using System.DirectoryServices.Protocols;
using System.Net;
using ImmutableId.ActiveDirectory.Ldap;
using ImmutableId.ActiveDirectory.Passwords;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImmutableId.ActiveDirectory.Tests;

/// <summary>The Samba AD DC that tests/servers/samba/start.sh started, from the variables it published.</summary>
internal static class Samba
{
    public static string Get(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set: the Samba DC is not running. Start the servers with ./test.sh, or source $IMMUTABLEID_TEST_ENV " +
                "after running tests/servers/samba/start.sh with IMMUTABLEID_TEST_STATE/IMMUTABLEID_TEST_ENV set.");

    public static string Host => Get("SAMBA_LDAP_HOST");
    public static string BindUser => Get("SAMBA_BIND_USER");
    public static string BindPassword => Get("SAMBA_BIND_PASSWORD");
    public static string CaCert => Get("SAMBA_CA_CERT");
    public static string TestOu => Get("SAMBA_TEST_OU");
    public static string StaffOu => "OU=Staff," + TestOu;

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
