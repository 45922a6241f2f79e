using ImmutableId.Api.Auth;
using ImmutableId.Api.Http;
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
    public async Task<IResult> PostAsync(HttpRequest request, string? user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        if (!UserKey.TryParse(user, out var key, out var error))
        {
            return ApiProblem.Create(context, StatusCodes.Status400BadRequest, "InvalidUser", "The user is not a UPN or objectGUID", error);
        }

        var ticket = request.Query["ticket"].FirstOrDefault() ?? request.Headers[ImmutableIdHandler.TicketHeader].FirstOrDefault();
        if (ticket is { Length: > ImmutableIdHandler.MaxTicketLength })
        {
            return ApiProblem.Create(context, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Ticket too long", $"The ticket reference may hold at most {ImmutableIdHandler.MaxTicketLength} characters.");
        }

        var caller = ApiAuthorizer.GetCaller(context);
        var status = await sync.StatusAsync(key, cancellationToken).ConfigureAwait(false);
        if (caller is not null &&
            ((status.TargetUserPrincipalName is { } upn && !caller.Scope.PermitsUpn(upn)) ||
             (status.OnPremUser is { } onPrem && !caller.Scope.PermitsDistinguishedName(onPrem.DistinguishedName))))
        {
            return ApiProblem.Create(context, StatusCodes.Status403Forbidden, ProblemCodes.OutOfCallerScope, "Target outside your scope",
                $"The user {status.TargetUserPrincipalName ?? status.User.ToString()} is outside the domains or OUs your application may change." + " Ask an administrator to widen Auth:CallerScopes for your application if this is intended.");
        }

        if (status.Outcome == HardMatchOutcome.Failed)
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

        var outcome = await sync.ProvisionAfterStatusAsync(status, cancellationToken).ConfigureAwait(false);
        var p = outcome.Provisioning;
        LogProvisioned(logger, p.Outcome.ToString(), p.ErrorCode, outcome.Linked);
        Guid? operationId = null;
        if (p.Outcome != ProvisioningOutcome.NotConfigured)
        {
            operationId = await AuditAsync(context, caller, status, outcome, p.Outcome switch
            {
                ProvisioningOutcome.Succeeded => AuditOutcome.Succeeded,
                ProvisioningOutcome.Skipped => AuditOutcome.NoChange,
                _ => AuditOutcome.Failed,
            }, ticket, p.ErrorCode is null ? p.Message : $"{p.ErrorCode}: {p.Message}", cancellationToken).ConfigureAwait(false);
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
        var now = time.GetUtcNow();
        var record = new AuditRecord(
            id, now, AuditOperation.Sync, DryRun: false, caller.Identity, ticket, Reason: null,
            new AuditTarget(status.CloudUser?.UserPrincipalName ?? status.TargetUserPrincipalName, status.CloudUser?.Id, status.OnPremUser?.DistinguishedName, status.OnPremUser?.ObjectGuid, status.User.ToString()),
            Before: status.CloudUser?.OnPremisesImmutableId,
            After: outcome?.After?.CloudUser?.OnPremisesImmutableId ?? status.CloudUser?.OnPremisesImmutableId,
            AnchorSource: null,
            Guardrails: [.. CloudSyncService.TakeoverBlockers(status).Select(b => new AuditGuardrailResult(b.Code.ToString(), Blocking: true, b.Detail, "blocked"))],
            result,
            Verified: outcome?.Linked,
            GraphRequestId: outcome?.Provisioning.RequestId,
            TraceId: System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier,
            Error: result is AuditOutcome.Succeeded or AuditOutcome.NoChange ? null : error,
            CompletedAt: now);
        await auditLog.WriteOutcomeAsync(record, cancellationToken).ConfigureAwait(false);
        context.Response.Headers["X-Operation-Id"] = id.ToString();
        return id;
    }

    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Cloud Sync provision on demand: {Outcome} (error {ErrorCode}); linked {Linked}")]
    private static partial void LogProvisioned(ILogger logger, string outcome, string? errorCode, bool linked);
}
