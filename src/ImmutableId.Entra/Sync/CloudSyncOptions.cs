namespace ImmutableId.Entra.Sync;

/// <summary>
/// Microsoft Entra Cloud Sync provision on demand (app settings <c>Sync__CloudSync__*</c>). Opt-in: without
/// <see cref="ServicePrincipalId"/> and <see cref="JobId"/> nothing is called and answers say what to run on the
/// Entra Connect server instead.
/// </summary>
public sealed class CloudSyncOptions
{
    /// <summary>Where it is read from: <see cref="SyncOptions.CloudSync"/> of section <see cref="SyncOptions.SectionName"/>.</summary>
    public const string ConfigurationPath = "Sync:CloudSync";

    /// <summary>The Cloud Sync configuration's service principal object id (Entra admin center > Entra Connect > Cloud Sync > the configuration's enterprise app).</summary>
    public string? ServicePrincipalId { get; set; }

    /// <summary>The configuration's synchronization job id; empty = discovered once: the service principal's one job whose templateId is AD2AADProvisioning (<c>GET /servicePrincipals/{id}/synchronization/jobs</c>).</summary>
    public string? JobId { get; set; }

    /// <summary>The job schema's rule whose source is AD; empty = read from <c>GET …/jobs/{jobId}/schema</c> on first use.</summary>
    public string? RuleId { get; set; }

    /// <summary>True when the service principal is set (the job and the rule can be discovered).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ServicePrincipalId);
}
