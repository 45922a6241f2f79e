using System.ComponentModel.DataAnnotations;

namespace ImmutableId.ActiveDirectory;

/// <summary>Settings of the on-prem directory (section <c>OnPrem</c>; app settings <c>OnPrem__Server</c> and so on).</summary>
public sealed class OnPremOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "OnPrem";

    /// <summary>How AD is reached.</summary>
    public OnPremMode Mode { get; set; } = OnPremMode.Ldap;

    /// <summary>The DC's host name or address (Ldap mode). Use the name in the DC's certificate.</summary>
    public string? Server { get; set; }

    /// <summary>The LDAP port: 636 for LDAPS, 389 for StartTLS or plain.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 636;

    /// <summary>How the connection is protected (LDAPS by default).</summary>
    public LdapTransport Transport { get; set; } = LdapTransport.Ldaps;

    /// <summary>Must be true to use <see cref="LdapTransport.Plain"/>; a warning is logged. Tests only.</summary>
    public bool AllowInsecurePlainLdap { get; set; }

    /// <summary>A PEM file or a folder of PEM files with the CA(s) that issued the DC's certificate; the system store when unset.</summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>Simple bind or Negotiate (Kerberos).</summary>
    public LdapBindMode BindMode { get; set; } = LdapBindMode.Simple;

    /// <summary>The service account (<c>svc@corp.example</c>, <c>CORP\svc</c> or a DN).</summary>
    public string? BindUserName { get; set; }

    /// <summary>The service account's password from configuration (a Key Vault reference in Azure). Never logged.</summary>
    public string? BindPassword { get; set; }

    /// <summary>The Key Vault to read the bind password from at run time (with the managed identity).</summary>
    public string? KeyVaultUri { get; set; }

    /// <summary>The name of the Key Vault secret that holds the bind password.</summary>
    public string? BindPasswordSecretName { get; set; }

    /// <summary>The client ID of the user-assigned managed identity that reads Key Vault (else the default credential chain).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The subtrees searched (e.g. <c>OU=Staff,DC=corp,DC=example</c>); at least one in Ldap mode.</summary>
    public List<string> BaseDns { get; set; } = [];

    /// <summary>The time limit of one LDAP operation, connection and bind included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Entries per page when enumerating (simple paged results control).</summary>
    [Range(1, 5000)]
    public int PageSize { get; set; } = 500;

    /// <summary>Allows writing mS-DS-ConsistencyGuid (forest migrations). Off by default.</summary>
    public bool AllowConsistencyGuidWrite { get; set; }

    /// <summary>The LDIF snapshot (Ldif mode), as written by <c>ldifde -f</c> or <c>ldapsearch -LLL</c>.</summary>
    public string? LdifPath { get; set; }
}
