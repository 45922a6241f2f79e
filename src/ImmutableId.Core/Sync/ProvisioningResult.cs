namespace ImmutableId.Core.Sync;

/// <summary>What a Cloud Sync provision-on-demand call answered, in the API's terms.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="DistinguishedName">The AD object provisioned (the subject sent).</param>
/// <param name="ErrorCode">Entra's error code (e.g. InvalidSoftMatch, HardMatchBlocked), when it failed.</param>
/// <param name="Message">Entra's message (or why nothing was called), verbatim where Entra gave one.</param>
/// <param name="FailedStep">The name of the step that failed, when one did.</param>
/// <param name="Steps">Every step Entra reported.</param>
/// <param name="RequestId">Graph's request-id of the call.</param>
public sealed record ProvisioningResult(
    ProvisioningOutcome Outcome,
    string? DistinguishedName,
    string? ErrorCode,
    string? Message,
    string? FailedStep,
    IReadOnlyList<ProvisioningStep> Steps,
    string? RequestId = null)
{
    /// <summary>The answer when Cloud Sync is not configured.</summary>
    public static ProvisioningResult NotConfigured(string? distinguishedName) =>
        new(ProvisioningOutcome.NotConfigured, distinguishedName, null, "Cloud Sync is not configured (Sync:CloudSync): nothing was called.", null, []);
}
