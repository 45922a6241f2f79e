namespace ImmutableId.ActiveDirectory;

/// <summary>How the service account binds.</summary>
public enum LdapBindMode
{
    /// <summary>Simple bind with a user name and password (over TLS).</summary>
    Simple,

    /// <summary>SASL GSS-SPNEGO / Kerberos with the process's credentials (or the configured user name and password).</summary>
    Negotiate,
}
