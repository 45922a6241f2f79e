namespace ImmutableId.Testing;

/// <summary>
/// The real servers <c>./test.sh</c> starts (tests/servers/*/start.sh publish their settings in $IMMUTABLEID_TEST_ENV
/// and test.sh exports them). Read here, once, for every test project; a missing setting fails the test with what to
/// do — never a skip (test.sh treats a skip as a failure).
/// </summary>
public static class TestServers
{
    /// <summary>The Samba AD DC (tests/servers/samba).</summary>
    public static SambaSettings Samba => new(
        Require("SAMBA_LDAP_HOST"), Require("SAMBA_BASE_DN"), Require("SAMBA_TEST_OU"),
        Require("SAMBA_BIND_USER"), Require("SAMBA_BIND_PASSWORD"), Require("SAMBA_CA_CERT"));

    /// <summary>Azurite's Table service connection string (tests/servers/azurite).</summary>
    public static string AzuriteTableConnectionString => Require("AZURITE_TABLE_CONNECTION_STRING");

    /// <summary>Azurite's Queue service connection string (tests/servers/azurite).</summary>
    public static string AzuriteQueueConnectionString => Require("AZURITE_QUEUE_CONNECTION_STRING");

    /// <summary>The variable <paramref name="name"/>, or an error naming the server and how to start it.</summary>
    public static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set: this test needs the server that tests/servers/*/start.sh publishes it for. Run the tests with ./test.sh, " +
                "or run the server's start.sh with IMMUTABLEID_TEST_STATE and IMMUTABLEID_TEST_ENV set and source $IMMUTABLEID_TEST_ENV.");
}

/// <summary>The Samba AD DC's settings.</summary>
/// <param name="Host">The DC's LDAP host name (resolves to 127.0.0.1).</param>
/// <param name="BaseDn">The domain's DN.</param>
/// <param name="TestOu">The OU the tests' users live under.</param>
/// <param name="BindUser">The bind account (Administrator).</param>
/// <param name="BindPassword">Its password (generated per run).</param>
/// <param name="CaCert">The DC's CA certificate (PEM) for LDAPS trust.</param>
public sealed record SambaSettings(string Host, string BaseDn, string TestOu, string BindUser, string BindPassword, string CaCert)
{
    /// <summary>The OU of the staff users the policy allows.</summary>
    public string StaffOu => "OU=Staff," + TestOu;
}
