using ImmutableId.Api.ImmutableIds;
using ImmutableId.Core.Sync;

namespace ImmutableId.Api.Sync;

/// <summary>The answer of <c>POST /api/users/{user}/immutable-id/sync</c> (and of the after-set hook).</summary>
/// <param name="User">The user as the caller named it.</param>
/// <param name="Provisioning">What Cloud Sync's provision on demand answered.</param>
/// <param name="Linked">True when the cloud user reads as synced (onPremisesSyncEnabled) afterwards.</param>
/// <param name="After">The user's status read after provisioning (null when nothing was called).</param>
/// <param name="NextSteps">What to do now: without Cloud Sync, the exact command for the Entra Connect server.</param>
/// <param name="OperationId">The audit record of this call.</param>
public sealed record SyncResponse(string User, SyncResponse.ProvisioningView Provisioning, bool Linked, ImmutableIdResponse? After, IReadOnlyList<string> NextSteps, Guid? OperationId)
{
    /// <summary>Provision on demand's result.</summary>
    /// <param name="Outcome">succeeded, skipped, failed, notConfigured, refused or unavailable.</param>
    /// <param name="DistinguishedName">The AD object provisioned.</param>
    /// <param name="ErrorCode">Entra's error code, when it failed.</param>
    /// <param name="Message">Entra's message, verbatim, when it failed (or why nothing was called).</param>
    /// <param name="FailedStep">The step that failed.</param>
    /// <param name="Steps">Every step Entra reported.</param>
    /// <param name="GraphRequestId">Graph's request-id of the call.</param>
    public sealed record ProvisioningView(
        ProvisioningOutcome Outcome,
        string? DistinguishedName,
        string? ErrorCode,
        string? Message,
        string? FailedStep,
        IReadOnlyList<ProvisioningStep> Steps,
        string? GraphRequestId)
    {
        /// <summary>The view of <paramref name="result"/>.</summary>
        public static ProvisioningView From(ProvisioningResult result)
        {
            ArgumentNullException.ThrowIfNull(result);
            return new ProvisioningView(result.Outcome, result.DistinguishedName, result.ErrorCode, result.Message, result.FailedStep, result.Steps, result.RequestId);
        }
    }

    /// <summary>The answer for <paramref name="outcome"/>.</summary>
    public static SyncResponse From(string user, SyncOutcome outcome, Guid? operationId)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new SyncResponse(
            user,
            ProvisioningView.From(outcome.Provisioning),
            outcome.Linked,
            outcome.After is null ? null : ImmutableIdResponse.From(outcome.After),
            NextStepsOf(user, outcome),
            operationId);
    }

    /// <summary>What to do now: Core's steps in the domain's words, then how to do them over this API.</summary>
    internal static IReadOnlyList<string> NextStepsOf(string user, SyncOutcome outcome) => [.. outcome.NextSteps, .. HttpNextSteps(user, outcome)];

    private static IEnumerable<string> HttpNextSteps(string user, SyncOutcome outcome)
    {
        if (outcome.Provisioning.Outcome == ProvisioningOutcome.Failed && !string.IsNullOrWhiteSpace(outcome.Provisioning.Message))
        {
            yield return "POST /api/diagnoses with {\"message\": <the provisioning message>} explains the cause for this user and the fix.";
        }
        else if (outcome.Provisioning.Outcome == ProvisioningOutcome.NotConfigured)
        {
            yield return $"GET /api/users/{Uri.EscapeDataString(user)}/immutable-id: the cloud user shows onPremisesSyncEnabled true once sync has linked it.";
        }
    }
}
