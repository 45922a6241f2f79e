using ImmutableId.Core.Audit;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Api.Writes;

/// <summary>
/// Writes the audit records of a guarded write: the intent durably before the Graph write, the outcome after it,
/// and refusals and dry runs in one step. Also enforces the caller's scope (UPN domain, OU) on the resolved target,
/// before anything is written. The workflow's journal hook calls it; the current <see cref="WriteContext"/> supplies
/// the operation id, caller and trace id.
/// </summary>
public sealed partial class AuditJournal(IAuditLog auditLog, TimeProvider timeProvider, ILogger<AuditJournal> logger)
{
    /// <summary>Just before the Graph write: checks the caller's scope, then records the intent durably (throws when it cannot).</summary>
    /// <exception cref="CallerScopeException">The target is outside the caller's scope (the refusal is recorded).</exception>
    public async Task RecordIntentAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var context = Require();
        await EnforceScopeAsync(context, entry, cancellationToken).ConfigureAwait(false);
        await auditLog.WriteIntentAsync(Build(context, entry with { Outcome = AuditOutcome.Pending }), cancellationToken).ConfigureAwait(false);
        context.IntentWritten = true;
    }

    /// <summary>After the write (or instead of it: refused, dry run, no change, failed): records the outcome.</summary>
    /// <exception cref="CallerScopeException">A dry run or no-change answer about a target outside the caller's scope (recorded as refused).</exception>
    public async Task RecordOutcomeAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var context = Require();
        if (!context.IntentWritten && entry.Outcome is AuditOutcome.DryRun or AuditOutcome.NoChange)
        {
            await EnforceScopeAsync(context, entry, cancellationToken).ConfigureAwait(false);
        }

        await WriteOutcomeAsync(context, entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a refusal decided outside the workflow (role missing, user busy, caller scope).</summary>
    internal async Task RecordRefusalAsync(WriteContext context, string code, string detail, CancellationToken cancellationToken)
    {
        var entry = new AuditEntry(
            DryRun: false,
            Ticket: context.TicketHeader,
            Reason: null,
            new AuditTarget(context.RequestedUser.Contains('@', StringComparison.Ordinal) ? context.RequestedUser : null, Requested: context.RequestedUser),
            Before: null,
            After: null,
            AnchorSource: null,
            Guardrails: [new AuditGuardrailResult(code, Blocking: true, detail)],
            AuditOutcome.Refused,
            Error: code);
        await WriteOutcomeAsync(context, entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The request failed unexpectedly after its intent was written: record it failed (reconciliation would otherwise).</summary>
    internal async Task RecordCrashAsync(WriteContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!context.IntentWritten || context.OutcomeWritten)
        {
            return;
        }

        var current = await auditLog.GetAsync(context.OperationId, cancellationToken).ConfigureAwait(false);
        if (current is { Outcome: AuditOutcome.Pending })
        {
            // Whether the PATCH went through is unknown: leave the intent pending for reconciliation to read back.
            LogLeftPending(logger, context.OperationId, exception.GetType().Name);
        }
    }

    private async Task WriteOutcomeAsync(WriteContext context, AuditEntry entry, CancellationToken cancellationToken)
    {
        var record = Build(context, entry) with { CompletedAt = timeProvider.GetUtcNow() };
        if (!await auditLog.WriteOutcomeAsync(record, cancellationToken).ConfigureAwait(false))
        {
            LogOutcomeAlreadyRecorded(logger, context.OperationId);
        }

        context.OutcomeWritten = true;
    }

    private async Task EnforceScopeAsync(WriteContext context, AuditEntry entry, CancellationToken cancellationToken)
    {
        var scope = context.Caller.Scope;
        if (scope.IsUnrestricted)
        {
            return;
        }

        var problem = !scope.PermitsUpn(entry.Target.UserPrincipalName)
            ? "The user's UPN domain is outside the domains your application may change."
            : !scope.PermitsDistinguishedName(entry.Target.OnPremDistinguishedName)
                ? "The user's on-prem object is outside the OUs your application may change."
                : null;
        if (problem is null)
        {
            return;
        }

        var refused = entry with
        {
            Outcome = AuditOutcome.Refused,
            After = entry.Before,
            Error = "OutOfCallerScope",
            Guardrails = [.. entry.Guardrails, new AuditGuardrailResult("OutOfCallerScope", Blocking: true, problem)],
        };
        await WriteOutcomeAsync(context, refused, cancellationToken).ConfigureAwait(false);
        throw new CallerScopeException(problem);
    }

    private static AuditRecord Build(WriteContext context, AuditEntry entry) => new(
        context.OperationId,
        context.StartedAt,
        context.Operation,
        entry.DryRun,
        context.Caller.Identity,
        string.IsNullOrWhiteSpace(entry.Ticket) ? context.TicketHeader : entry.Ticket,
        entry.Reason,
        entry.Target with { Requested = entry.Target.Requested ?? context.RequestedUser },
        entry.Before,
        entry.After,
        entry.AnchorSource,
        entry.Guardrails,
        entry.Outcome,
        entry.Verified,
        entry.GraphRequestId,
        context.TraceId,
        entry.Error);

    private static WriteContext Require() =>
        WriteContext.Current ?? throw new InvalidOperationException("A write reached the audit journal outside WriteGuard: every set and clear must run through it.");

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Audit outcome for {OperationId} was already recorded (reconciled first); kept the first")]
    private static partial void LogOutcomeAlreadyRecorded(ILogger logger, Guid operationId);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "Write {OperationId} failed unexpectedly ({Exception}) after its intent; left pending for reconciliation")]
    private static partial void LogLeftPending(ILogger logger, Guid operationId, string exception);
}
