namespace ImmutableId.Core.Audit;

/// <summary>
/// One write attempt (set, clear, dry run or refusal), written durably before the Graph write as an intent
/// (<see cref="AuditOutcome.Pending"/>) and completed with its outcome after it.
/// </summary>
/// <param name="OperationId">A version-7 (time-ordered) GUID; see <see cref="NewOperationId"/>.</param>
/// <param name="Time">When the attempt started (UTC).</param>
/// <param name="Operation">Set or clear.</param>
/// <param name="DryRun">True when nothing was meant to be written.</param>
/// <param name="Caller">Who asked.</param>
/// <param name="Ticket">The ITSM ticket reference (<c>ticket</c> field or <c>X-Ticket-Id</c> header).</param>
/// <param name="Reason">The caller's free-text reason.</param>
/// <param name="Target">The user, on both sides.</param>
/// <param name="Before">onPremisesImmutableId before the write.</param>
/// <param name="After">The intended (then actual) onPremisesImmutableId after the write; null for a clear.</param>
/// <param name="AnchorSource">The AD attribute the anchor came from (consistencyGuid or objectGuid).</param>
/// <param name="Guardrails">Every blocker and warning the workflow reported.</param>
/// <param name="Outcome">How it ended (Pending until known).</param>
/// <param name="Verified">True when a read-back saw the intended value; null when not checked.</param>
/// <param name="GraphRequestId">Graph's <c>request-id</c> for the write.</param>
/// <param name="TraceId">The API request's trace id (W3C).</param>
/// <param name="Error">The error code and message when the attempt was refused or failed.</param>
/// <param name="CompletedAt">When the outcome was recorded.</param>
/// <param name="Reconciled">True when the outcome was determined by reconciliation (reading the user back) after a crash.</param>
/// <param name="Provisioning">The Cloud Sync provision on demand that followed a set (Sync:CloudSync configured); null when none ran.</param>
/// <param name="JobId">The bulk job (POST /api/jobs) this attempt was an item of; null for a single request.</param>
public sealed record AuditRecord(
    Guid OperationId,
    DateTimeOffset Time,
    AuditOperation Operation,
    bool DryRun,
    AuditCaller Caller,
    string? Ticket,
    string? Reason,
    AuditTarget Target,
    string? Before,
    string? After,
    string? AnchorSource,
    IReadOnlyList<AuditGuardrailResult> Guardrails,
    AuditOutcome Outcome,
    bool? Verified = null,
    string? GraphRequestId = null,
    string? TraceId = null,
    string? Error = null,
    DateTimeOffset? CompletedAt = null,
    bool Reconciled = false,
    AuditProvisioning? Provisioning = null,
    Guid? JobId = null)
{
    /// <summary>A new time-ordered operation id (UUID version 7): stores derive their sort and partition keys from it.</summary>
    public static Guid NewOperationId(TimeProvider? timeProvider = null) =>
        Guid.CreateVersion7((timeProvider ?? TimeProvider.System).GetUtcNow());

    /// <summary>The instant embedded in a version-7 operation id, or null when <paramref name="operationId"/> is not version 7.</summary>
    public static DateTimeOffset? TimeOf(Guid operationId)
    {
        if (operationId.Version != 7)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        operationId.TryWriteBytes(bytes, bigEndian: true, out _);
        long ms = 0;
        for (var i = 0; i < 6; i++)
        {
            ms = (ms << 8) | bytes[i];
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
