using System.Text.Json;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Api.Writes;

/// <summary>
/// The workflow's journal hook, writing the audit log: the intent just before the PATCH and the outcome after it
/// (refusals, dry runs, no-change and failures in one step). Registered as the <see cref="IHardMatchJournal"/>.
/// </summary>
internal sealed class HardMatchAuditJournal(AuditJournal journal) : IHardMatchJournal
{
    public Task RecordIntentAsync(HardMatchResult intent, CancellationToken cancellationToken = default) =>
        journal.RecordIntentAsync(ToEntry(intent, AuditOutcome.Pending), cancellationToken);

    public Task RecordOutcomeAsync(HardMatchResult outcome, CancellationToken cancellationToken = default) =>
        journal.RecordOutcomeAsync(ToEntry(outcome, Map(outcome.Outcome)), cancellationToken);

    internal static AuditOutcome Map(HardMatchOutcome outcome) => outcome switch
    {
        HardMatchOutcome.Planned => AuditOutcome.DryRun,
        HardMatchOutcome.Succeeded => AuditOutcome.Succeeded,
        HardMatchOutcome.NoChange => AuditOutcome.NoChange,
        HardMatchOutcome.Refused => AuditOutcome.Refused,
        _ => AuditOutcome.Failed,
    };

    internal static AuditEntry ToEntry(HardMatchResult result, AuditOutcome outcome) => new(
        result.DryRun,
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
        outcome,
        result.Verified,
        result.GraphRequestId,
        result.IsBlocked ? string.Join(", ", result.Blockers.Select(b => b.Code.ToString())) : null);
}
