using ImmutableId.Api.Auth;
using ImmutableId.Core.Tickets;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.Writes;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Api.Sync;

/// <summary>
/// <c>POST /api/users/{user}/immutable-id/sync</c> (role Write): Cloud Sync provision on demand for the user's AD
/// object, with Entra's answer (success, or the step that failed with its message) in the response and the audit log.
/// Without Cloud Sync configured it calls nothing and <c>nextSteps</c> names the Connect command. Out-of-scope,
/// protected and privileged targets are refused, as for a set: sync links accounts by soft match too.
/// </summary>
public sealed partial class SyncHandler(CloudSyncService sync, IAuditLog auditLog, TimeProvider time, ILogger<SyncHandler> logger)
{
    /// <summary>Runs provision on demand for <paramref name="user"/>.</summary>
    /// <param name="user">The user, bound from the route.</param>
    /// <param name="ticket">The ticket reference as sent (<c>?ticket=</c>, else <c>X-Ticket-Id</c>), or null.</param>
    /// <param name="caller">The caller the auth step admitted.</param>
    /// <param name="context">The request, for its problem details (instance, trace id) and trace id only.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away (until the intent is recorded).</param>
    public async Task<ApiAnswer<SyncResponse>> ProvisionAsync(UserKey user, string? ticket, ApiCaller caller, HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(context);
        var key = user;
        if (!TicketReference.IsValid(ticket))
        {
            return Refused(ApiProblem.Create(context, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Invalid ticket", TicketReference.Error));
        }

        // The caller's scope is checked by the workflow on the resolved user, whatever name was used.
        var status = await sync.StatusAsync(key, OperationContexts.For(context, caller, time), cancellationToken).ConfigureAwait(false);
        if (status.Outcome is HardMatchOutcome.Failed or HardMatchOutcome.Refused)
        {
            return Refused(HardMatchProblems.Create(context, status));
        }

        if (status.OnPremUser is null || status.CloudUser is null)
        {
            var code = status.OnPremUser is null ? GuardrailCode.OnPremUserNotFound : GuardrailCode.CloudUserNotFound;
            var detail = status.Checks.FirstOrDefault(c => c.Code == code)?.Detail ?? "The user was not found.";
            return Refused(ApiProblem.Create(context, StatusCodes.Status404NotFound, code.ToString(), "User not found", detail));
        }

        var blockers = CloudSyncService.TakeoverBlockers(status);
        if (blockers.Count > 0)
        {
            var refused = await AuditAsync(context, caller, status, null, AuditOutcome.Refused, ticket, string.Join(", ", blockers.Select(b => b.Code)), cancellationToken).ConfigureAwait(false);
            return Refused(ApiProblem.Create(context, StatusCodes.Status403Forbidden, blockers[0].Code.ToString(), "Provisioning refused",
                string.Join(" ", blockers.Select(b => b.Detail)),
                new Dictionary<string, object?>
                {
                    ["blockers"] = blockers.Select(b => new ImmutableIdResponse.CodeView(b.Code.ToString(), b.Detail)).ToArray(),
                    ["operationId"] = refused,
                }), refused);
        }

        // Every accepted call ends in a recorded outcome: the intent is durable before Graph is called (nothing is
        // recorded when Cloud Sync is not configured: nothing is called).
        Guid? operationId = null;
        if (sync.IsConfigured)
        {
            operationId = AuditRecord.NewOperationId(time);
            await auditLog.WriteIntentAsync(Record(operationId.Value, context, caller, status, null, AuditOutcome.Pending, ticket, null), cancellationToken).ConfigureAwait(false);
        }

        // From the intent on, provisioning and its outcome run to the end whatever the client does.
        var outcome = await sync.ProvisionAfterStatusAsync(status, operationId is null ? cancellationToken : CancellationToken.None).ConfigureAwait(false);
        var p = outcome.Provisioning;
        LogProvisioned(logger, p.Outcome.ToString(), p.ErrorCode, outcome.Linked);
        if (operationId is { } id)
        {
            var result = SetProvisioning.AuditOutcomeOf(p.Outcome);
            await auditLog.WriteOutcomeAsync(
                Record(id, context, caller, status, outcome, result, ticket, p.ErrorCode is null ? p.Message : $"{p.ErrorCode}: {p.Message}"),
                CancellationToken.None).ConfigureAwait(false);
        }

        var response = SyncResponse.From(key.ToString(), outcome, operationId);
        // The answer carries the operation's audit record (X-Operation-Id) whatever its outcome.
        return p.Outcome switch
        {
            ProvisioningOutcome.Failed => Refused(ApiProblem.Create(context, StatusCodes.Status409Conflict, "ProvisioningFailed", "Entra's provisioning failed",
                $"Cloud Sync could not link {status.CloudUser.UserPrincipalName} at step {p.FailedStep ?? "unknown"}: {p.Message}",
                new Dictionary<string, object?> { ["provisioning"] = response.Provisioning, ["nextSteps"] = response.NextSteps, ["operationId"] = operationId }), operationId),
            ProvisioningOutcome.Refused => Refused(ApiProblem.Create(context, StatusCodes.Status502BadGateway, GuardrailCode.UpstreamError.ToString(), "Provision on demand refused", p.Message ?? "Graph refused the call.",
                new Dictionary<string, object?> { ["provisioning"] = response.Provisioning, ["operationId"] = operationId }), operationId),
            ProvisioningOutcome.Unavailable => Refused(ApiProblem.Create(context, StatusCodes.Status503ServiceUnavailable, GuardrailCode.UpstreamUnavailable.ToString(), "Provision on demand unavailable", p.Message ?? "Graph was unavailable.",
                new Dictionary<string, object?> { ["provisioning"] = response.Provisioning, ["nextSteps"] = response.NextSteps, ["operationId"] = operationId }), operationId),
            _ => ApiAnswer<SyncResponse>.Ok(response, operationId),
        };
    }

    private static ApiAnswer<SyncResponse> Refused(IResult problem, Guid? operationId = null) => ApiAnswer<SyncResponse>.Refused(problem, operationId);

    private async Task<Guid> AuditAsync(HttpContext context, ApiCaller caller, HardMatchResult status, SyncOutcome? outcome, AuditOutcome result, string? ticket, string? error, CancellationToken cancellationToken)
    {
        var id = AuditRecord.NewOperationId(time);
        await auditLog.WriteOutcomeAsync(Record(id, context, caller, status, outcome, result, ticket, error), cancellationToken).ConfigureAwait(false);
        return id;
    }

    private AuditRecord Record(Guid id, HttpContext context, ApiCaller caller, HardMatchResult status, SyncOutcome? outcome, AuditOutcome result, string? ticket, string? error)
    {
        var now = time.GetUtcNow();
        return new AuditRecord(
            id, AuditRecord.TimeOf(id) ?? now, AuditOperation.Sync, DryRun: false, caller.Identity, ticket, Reason: null,
            new AuditTarget(status.CloudUser?.UserPrincipalName ?? status.TargetUserPrincipalName, status.CloudUser?.Id, status.OnPremUser?.DistinguishedName, status.OnPremUser?.ObjectGuid, status.User.ToString()),
            Before: status.CloudUser?.OnPremisesImmutableId,
            After: outcome?.After?.CloudUser?.OnPremisesImmutableId ?? status.CloudUser?.OnPremisesImmutableId,
            AnchorSource: null,
            Guardrails: [.. CloudSyncService.TakeoverBlockers(status).Select(b => new AuditGuardrailResult(b.Code.ToString(), Blocking: true, b.Detail, "blocked"))],
            result,
            Verified: outcome?.Linked,
            GraphRequestId: outcome?.Provisioning.RequestId,
            TraceId: System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier,
            Error: result is AuditOutcome.Succeeded or AuditOutcome.NoChange or AuditOutcome.Pending ? null : error,
            CompletedAt: result == AuditOutcome.Pending ? null : now,
            Provisioning: outcome is null ? null : SetProvisioning.Record(outcome, now));
    }

    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Cloud Sync provision on demand: {Outcome} (error {ErrorCode}); linked {Linked}")]
    private static partial void LogProvisioned(ILogger logger, string outcome, string? errorCode, bool linked);
}
