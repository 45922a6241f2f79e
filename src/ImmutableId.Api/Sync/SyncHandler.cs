using ImmutableId.Api.Auth;
using ImmutableId.Core.Tickets;
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
    public async Task<IResult> PostAsync(HttpRequest request, string? user, ApiCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        if (!UserKey.TryParse(user, out var key, out var error))
        {
            return ApiProblem.Create(context, StatusCodes.Status400BadRequest, "InvalidUser", "The user is not a UPN or objectGUID", error);
        }

        var ticket = request.Query["ticket"].FirstOrDefault() ?? request.Headers[ImmutableIdHandler.TicketHeader].FirstOrDefault();
        if (!TicketReference.IsValid(ticket))
        {
            return ApiProblem.Create(context, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Invalid ticket", TicketReference.Error);
        }

        // The caller's scope is checked by the workflow on the resolved user, whatever name was used.
        var status = await sync.StatusAsync(key, OperationContexts.For(context, caller, time), cancellationToken).ConfigureAwait(false);
        if (status.Outcome is HardMatchOutcome.Failed or HardMatchOutcome.Refused)
        {
            return HardMatchProblems.Create(context, status);
        }

        if (status.OnPremUser is null || status.CloudUser is null)
        {
            var code = status.OnPremUser is null ? GuardrailCode.OnPremUserNotFound : GuardrailCode.CloudUserNotFound;
            var detail = status.Checks.FirstOrDefault(c => c.Code == code)?.Detail ?? "The user was not found.";
            return ApiProblem.Create(context, StatusCodes.Status404NotFound, code.ToString(), "User not found", detail);
        }

        var blockers = CloudSyncService.TakeoverBlockers(status);
        if (blockers.Count > 0)
        {
            var refused = await AuditAsync(context, caller, status, null, AuditOutcome.Refused, ticket, string.Join(", ", blockers.Select(b => b.Code)), cancellationToken).ConfigureAwait(false);
            return ApiProblem.Create(context, StatusCodes.Status403Forbidden, blockers[0].Code.ToString(), "Provisioning refused",
                string.Join(" ", blockers.Select(b => b.Detail)),
                new Dictionary<string, object?>
                {
                    ["blockers"] = blockers.Select(b => new ImmutableIdResponse.CodeView(b.Code.ToString(), b.Detail)).ToArray(),
                    ["operationId"] = refused,
                });
        }

        // Every accepted call ends in a recorded outcome: the intent is durable before Graph is called (nothing is
        // recorded when Cloud Sync is not configured: nothing is called).
        Guid? operationId = null;
        if (sync.IsConfigured && caller is not null)
        {
            operationId = AuditRecord.NewOperationId(time);
            await auditLog.WriteIntentAsync(Record(operationId.Value, context, caller, status, null, AuditOutcome.Pending, ticket, null), cancellationToken).ConfigureAwait(false);
            context.Response.Headers["X-Operation-Id"] = operationId.Value.ToString();
        }

        // From the intent on, provisioning and its outcome run to the end whatever the client does.
        var outcome = await sync.ProvisionAfterStatusAsync(status, operationId is null ? cancellationToken : CancellationToken.None).ConfigureAwait(false);
        var p = outcome.Provisioning;
        LogProvisioned(logger, p.Outcome.ToString(), p.ErrorCode, outcome.Linked);
        if (operationId is { } id)
        {
            var result = SetProvisioning.AuditOutcomeOf(p.Outcome);
            await auditLog.WriteOutcomeAsync(
                Record(id, context, caller!, status, outcome, result, ticket, p.ErrorCode is null ? p.Message : $"{p.ErrorCode}: {p.Message}"),
                CancellationToken.None).ConfigureAwait(false);
        }

        var response = SyncResponse.From(key.ToString(), outcome, operationId);
        return p.Outcome switch
        {
            ProvisioningOutcome.Failed => ApiProblem.Create(context, StatusCodes.Status409Conflict, "ProvisioningFailed", "Entra's provisioning failed",
                $"Cloud Sync could not link {status.CloudUser.UserPrincipalName} at step {p.FailedStep ?? "unknown"}: {p.Message}",
                new Dictionary<string, object?> { ["provisioning"] = response.Provisioning, ["nextSteps"] = response.NextSteps, ["operationId"] = operationId }),
            ProvisioningOutcome.Refused => ApiProblem.Create(context, StatusCodes.Status502BadGateway, GuardrailCode.UpstreamError.ToString(), "Provision on demand refused", p.Message ?? "Graph refused the call.",
                new Dictionary<string, object?> { ["provisioning"] = response.Provisioning, ["operationId"] = operationId }),
            ProvisioningOutcome.Unavailable => ApiProblem.Create(context, StatusCodes.Status503ServiceUnavailable, GuardrailCode.UpstreamUnavailable.ToString(), "Provision on demand unavailable", p.Message ?? "Graph was unavailable.",
                new Dictionary<string, object?> { ["provisioning"] = response.Provisioning, ["nextSteps"] = response.NextSteps, ["operationId"] = operationId }),
            _ => Results.Json(response, ApiJson.Options),
        };
    }

    private async Task<Guid?> AuditAsync(HttpContext context, ApiCaller? caller, HardMatchResult status, SyncOutcome? outcome, AuditOutcome result, string? ticket, string? error, CancellationToken cancellationToken)
    {
        if (caller is null)
        {
            return null;
        }

        var id = AuditRecord.NewOperationId(time);
        await auditLog.WriteOutcomeAsync(Record(id, context, caller, status, outcome, result, ticket, error), cancellationToken).ConfigureAwait(false);
        context.Response.Headers["X-Operation-Id"] = id.ToString();
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
