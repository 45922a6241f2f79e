namespace ImmutableId.ActiveDirectory;

/// <summary>How the LDAP connection is protected.</summary>
public enum LdapTransport
{
    /// <summary>TLS from the first byte (LDAPS, port 636).</summary>
    Ldaps,

    /// <summary>Plain LDAP upgraded with the StartTLS extended operation before binding (port 389).</summary>
    StartTls,

    /// <summary>No TLS at all: only with <see cref="OnPremOptions.AllowInsecurePlainLdap"/>, for tests.</summary>
    Plain,
}
