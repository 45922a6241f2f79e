namespace ImmutableId.Core.Sync;

/// <summary>
/// Microsoft Entra Cloud Sync's provision on demand for one AD user (implemented over Graph v1.0
/// <c>POST /servicePrincipals/{id}/synchronization/jobs/{jobId}/provisionOnDemand</c> in ImmutableId.Entra).
/// </summary>
public interface ICloudSyncProvisioner
{
    /// <summary>True when a Cloud Sync job is configured; false makes every call answer <see cref="ProvisioningOutcome.NotConfigured"/>.</summary>
    bool IsConfigured { get; }

    /// <summary>Provisions the AD object <paramref name="distinguishedName"/> now and answers every step. Never throws for Graph's answers.</summary>
    Task<ProvisioningResult> ProvisionAsync(string distinguishedName, CancellationToken cancellationToken = default);
}
