namespace ImmutableId.ActiveDirectory;

/// <summary>How the on-prem directory is reached.</summary>
public enum OnPremMode
{
    /// <summary>Live LDAP(S) to a domain controller.</summary>
    Ldap,

    /// <summary>An LDIF snapshot file (offline use, the sandbox).</summary>
    Ldif,

    /// <summary>Anchors posted by an on-prem agent (not built yet: lookups fail as misconfigured).</summary>
    Agent,
}
