namespace ImmutableId.Agent;

/// <summary>Where the agent reads users from.</summary>
public enum AgentSource
{
    /// <summary>A DC over LDAP(S), with the <c>OnPrem</c> connection settings (the API's Ldap-mode names).</summary>
    Ldap,

    /// <summary>An LDIF export (ldifde / ldapsearch): offline runs and the ingestion benchmark.</summary>
    Ldif,
}
