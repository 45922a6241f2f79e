namespace ImmutableId.EndToEnd.Tests;

/// <summary>The Samba AD DC that tests/servers/samba/start.sh started (its SAMBA_* variables).</summary>
internal sealed record SambaSettings(string Host, string BaseDn, string TestOu, string BindUser, string BindPassword, string CaCert)
{
    /// <summary>Reads the variables, or fails with what to do (never skips: test.sh treats a skip as a failure).</summary>
    public static SambaSettings FromEnvironment()
    {
        string Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set: the end-to-end tests need the Samba AD DC. Start the servers with ./test.sh, or run " +
                "tests/servers/samba/start.sh with IMMUTABLEID_TEST_STATE/IMMUTABLEID_TEST_ENV set and source $IMMUTABLEID_TEST_ENV.");
        return new SambaSettings(Get("SAMBA_LDAP_HOST"), Get("SAMBA_BASE_DN"), Get("SAMBA_TEST_OU"), Get("SAMBA_BIND_USER"), Get("SAMBA_BIND_PASSWORD"), Get("SAMBA_CA_CERT"));
    }
}
