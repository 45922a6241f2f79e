using System.ComponentModel.DataAnnotations;

namespace ImmutableId.Entra;

/// <summary>Microsoft Graph connection settings (app settings <c>Entra__*</c>), validated on start.</summary>
public sealed class EntraOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Entra";

    /// <summary>Microsoft Graph v1.0 (default), a national cloud's Graph, or the emulator's <c>http://127.0.0.1:PORT/v1.0</c>.</summary>
    [Required]
    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>How to get Graph tokens.</summary>
    public EntraCredentialKind Credential { get; set; } = EntraCredentialKind.ManagedIdentity;

    /// <summary>The client id of a user-assigned managed identity; empty = the system-assigned identity.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The tenant id (required for <see cref="EntraCredentialKind.ClientCertificate"/>).</summary>
    public string? TenantId { get; set; }

    /// <summary>The app registration's client id (required for <see cref="EntraCredentialKind.ClientCertificate"/>).</summary>
    public string? ClientId { get; set; }

    /// <summary>A PFX/PEM file with the private key (or use <see cref="CertificateThumbprint"/>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>A certificate in the CurrentUser or LocalMachine "My" store, by thumbprint.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>
    /// For <see cref="EntraCredentialKind.Emulator"/>: the app id the emulator mints tokens for (their roles are the
    /// Graph permissions granted to it in the emulated tenant). Default: the demo tenant's function identity.
    /// </summary>
    public string EmulatorAppId { get; set; } = "44444444-0000-4000-8000-000000000002";

    /// <summary>
    /// Total time one operation may spend waiting on Graph's Retry-After (429) and on retries of 5xx and dropped
    /// connections; past it the operation answers Throttled/Unavailable with Graph's Retry-After.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:02:00")]
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of one HTTP request to Graph.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the instance keeps a domain's authentication type (managed or federated) once read; 00:00:00 reads it
    /// for every user. Domains change by an administrator's act, rarely, and Graph refuses a write into a federated
    /// domain anyway, so a stale entry costs at most a refused write, never a wrong one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan DomainCacheDuration { get; set; } = TimeSpan.FromMinutes(10);
}
