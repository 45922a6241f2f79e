using ImmutableId.Core.HardMatch;

namespace ImmutableId.Core.Sync;

/// <summary>The result of asking sync to link one user now.</summary>
/// <param name="Provisioning">What provision on demand answered (NotConfigured without Cloud Sync).</param>
/// <param name="Before">The user's status before (null when the caller passed a set result instead).</param>
/// <param name="After">The user's status read after provisioning (null when nothing was called).</param>
/// <param name="NextSteps">What to do now, e.g. the exact Connect command when Cloud Sync is not configured.</param>
public sealed record SyncOutcome(ProvisioningResult Provisioning, HardMatchResult? Before, HardMatchResult? After, IReadOnlyList<string> NextSteps)
{
    /// <summary>True when the cloud user reads as synced (onPremisesSyncEnabled) after provisioning.</summary>
    public bool Linked => After?.CloudUser?.IsSynced == true;
}
