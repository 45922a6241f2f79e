namespace ImmutableId.ActiveDirectory;

/// <summary>How the on-prem directory is reached.</summary>
public enum OnPremMode
{
    /// <summary>Live LDAP(S) to a domain controller.</summary>
    Ldap,

    /// <summary>An LDIF snapshot file (offline use, the sandbox).</summary>
    Ldif,

    /// <summary>Users posted by the on-prem agent into the mirror (section <c>Agents</c> binds each agent).</summary>
    Agent,
}
