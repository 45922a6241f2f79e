namespace ImmutableId.Agent;

/// <summary>The agent's own settings (section <c>Agent</c>; environment <c>Agent__ApiBaseUrl</c> and so on).</summary>
public sealed class AgentSettings
{
    public const string SectionName = "Agent";

    /// <summary>The API, e.g. <c>https://func-xyz.azurewebsites.net</c> (https; http only to a loopback address, for tests).</summary>
    public Uri? ApiBaseUrl { get; set; }

    /// <summary>The token scope: the API's application id URI + <c>/.default</c> (<c>api://&lt;API app id&gt;/.default</c>).</summary>
    public string? ApiScope { get; set; }

    /// <summary>ManagedIdentity (default), ClientCertificate or TestIssuer.</summary>
    public AgentCredentialKind Credential { get; set; } = AgentCredentialKind.ManagedIdentity;

    /// <summary>A user-assigned managed identity's client id (system-assigned when empty).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>ClientCertificate: the tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>ClientCertificate / TestIssuer: the agent's app (client) id.</summary>
    public string? ClientId { get; set; }

    /// <summary>ClientCertificate: a PFX or PEM (with key) file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>ClientCertificate: a thumbprint in LocalMachine\My (or CurrentUser\My).</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>TestIssuer: the issuer's token endpoint on 127.0.0.1.</summary>
    public Uri? TestIssuerTokenUrl { get; set; }

    /// <summary>Ldap (default) or Ldif.</summary>
    public AgentSource Source { get; set; } = AgentSource.Ldap;

    /// <summary>Ldif: the export to read.</summary>
    public string? LdifPath { get; set; }

    /// <summary>The local state file (high-water mark per DC, batch sequence); default under ProgramData or /var/lib.</summary>
    public string? StatePath { get; set; }

    /// <summary>How often a delta (changes above the high-water mark) runs.</summary>
    public TimeSpan DeltaInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a full pass runs (it finds deletions and moves out of scope).</summary>
    public TimeSpan FullPassInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Entries per batch (at most the API's Agents:MaxBatchEntries).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The time limit of one POST to the API.</summary>
    public int RequestTimeoutSeconds { get; set; } = 100;

    /// <summary>Run one cycle and exit (0 on success): for scheduled tasks, tests and the benchmark.</summary>
    public bool RunOnce { get; set; }

    /// <summary>The state file used when <see cref="StatePath"/> is not set.</summary>
    public string EffectiveStatePath => !string.IsNullOrWhiteSpace(StatePath)
        ? StatePath
        : OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "ImmutableId", "Agent", "state.json")
            : "/var/lib/immutableid-agent/state.json";
}
