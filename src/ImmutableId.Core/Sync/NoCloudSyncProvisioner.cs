namespace ImmutableId.Core.Sync;

/// <summary>The provisioner when Cloud Sync is not configured: calls nothing, answers NotConfigured.</summary>
public sealed class NoCloudSyncProvisioner : ICloudSyncProvisioner
{
    /// <summary>The one instance.</summary>
    public static NoCloudSyncProvisioner Instance { get; } = new();

    /// <inheritdoc />
    public bool IsConfigured => false;

    /// <inheritdoc />
    public Task<ProvisioningResult> ProvisionAsync(string distinguishedName, CancellationToken cancellationToken = default) =>
        Task.FromResult(ProvisioningResult.NotConfigured(distinguishedName));
}
