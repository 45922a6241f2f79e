using System.Text.Json;
using ImmutableId.Core.Audit;

namespace ImmutableId.Core.HardMatch;

/// <summary>Builds the audit records of one operation from its context and result (the workflow writes them itself).</summary>
public static class HardMatchAudit
{
    /// <summary>The durable intent, written just before the Graph write.</summary>
    public static AuditRecord Intent(OperationContext context, HardMatchResult plan) =>
        Record(context, plan) with { Outcome = AuditOutcome.Pending, Verified = null, CompletedAt = null };

    /// <summary>The outcome (refused, dry run, no change, succeeded, failed).</summary>
    public static AuditRecord Outcome(OperationContext context, HardMatchResult result, DateTimeOffset completedAt) =>
        Record(context, result) with { CompletedAt = completedAt };

    /// <summary>
    /// A refusal decided before the workflow ran (the caller lacks the role): the ticket and reason as the caller sent
    /// them, wherever they were sent.
    /// </summary>
    public static AuditRecord Refusal(
        OperationContext context,
        AuditOperation operation,
        string requestedUser,
        bool dryRun,
        string? ticket,
        string? reason,
        string code,
        string detail,
        DateTimeOffset completedAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AuditRecord(
            context.OperationId,
            context.StartedAt,
            operation,
            dryRun,
            context.Caller,
            ticket,
            reason,
            new AuditTarget(requestedUser.Contains('@', StringComparison.Ordinal) ? requestedUser : null, Requested: requestedUser),
            Before: null,
            After: null,
            AnchorSource: null,
            [new AuditGuardrailResult(code, Blocking: true, detail, "blocked")],
            AuditOutcome.Refused,
            TraceId: context.TraceId,
            Error: code,
            CompletedAt: completedAt);
    }

    /// <summary>The code recorded when the caller went away before anything was written.</summary>
    public const string CallerGoneCode = "CallerCancelled";

    /// <summary>
    /// A set or clear whose caller went away (the request was cancelled) before its intent was recorded: nothing was
    /// written, and the attempt is recorded as failed with why it ended.
    /// </summary>
    public static AuditRecord CallerGone(OperationContext context, HardMatchOperation operation, string requestedUser, bool dryRun, string? ticket, string? reason, DateTimeOffset completedAt) =>
        Refusal(
            context,
            operation == HardMatchOperation.Clear ? AuditOperation.Clear : AuditOperation.Set,
            requestedUser,
            dryRun,
            ticket,
            reason,
            CallerGoneCode,
            "The caller went away (the request was cancelled) before the write began; nothing was written.",
            completedAt) with { Outcome = AuditOutcome.Failed };

    /// <summary>How a workflow outcome is recorded.</summary>
    public static AuditOutcome Map(HardMatchOutcome outcome) => outcome switch
    {
        HardMatchOutcome.Planned => AuditOutcome.DryRun,
        HardMatchOutcome.Succeeded => AuditOutcome.Succeeded,
        HardMatchOutcome.NoChange => AuditOutcome.NoChange,
        HardMatchOutcome.Refused => AuditOutcome.Refused,
        _ => AuditOutcome.Failed,
    };

    private static AuditRecord Record(OperationContext context, HardMatchResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        return new AuditRecord(
            context.OperationId,
            context.StartedAt,
            result.Operation == HardMatchOperation.Clear ? AuditOperation.Clear : AuditOperation.Set,
            result.DryRun,
            context.Caller,
            result.Ticket,
            result.Reason,
            new AuditTarget(
                result.CloudUser?.UserPrincipalName ?? result.TargetUserPrincipalName ?? result.User.UserPrincipalName,
                result.CloudUser?.Id,
                result.OnPremUser?.DistinguishedName,
                result.OnPremUser?.ObjectGuid,
                result.User.ToString()),
            result.Before,
            result.After,
            result.AnchorSource is { } source ? JsonNamingPolicy.CamelCase.ConvertName(source.ToString()) : null,
            result.Checks.Select(c => new AuditGuardrailResult(
                c.Code.ToString(),
                c.Verdict == GuardrailVerdict.Blocked,
                c.Detail,
                JsonNamingPolicy.CamelCase.ConvertName(c.Verdict.ToString()))).ToList(),
            Map(result.Outcome),
            result.Verified,
            result.GraphRequestId,
            context.TraceId,
            result.IsBlocked ? string.Join(", ", result.Blockers.Select(b => b.Code.ToString())) : null,
            JobId: context.JobId);
    }
}
