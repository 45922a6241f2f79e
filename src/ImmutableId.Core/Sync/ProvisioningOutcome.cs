namespace ImmutableId.Core.Sync;

/// <summary>How a Cloud Sync provision-on-demand call ended.</summary>
public enum ProvisioningOutcome
{
    /// <summary>Entra provisioned the user (result Success).</summary>
    Succeeded,

    /// <summary>Nothing to do: source and target already match (result Skipped).</summary>
    Skipped,

    /// <summary>Entra ran the provisioning and a step failed (result Failure): <see cref="ProvisioningResult.FailedStep"/> and the message say which and why.</summary>
    Failed,

    /// <summary>Cloud Sync is not configured for this API (<c>Sync:CloudSync</c>): nothing was called.</summary>
    NotConfigured,

    /// <summary>Graph refused the call (401/403: permission missing, or the job/rule is not one this identity may use).</summary>
    Refused,

    /// <summary>The job or rule was not found, or Graph was unavailable or throttling beyond the retry budget.</summary>
    Unavailable,
}
