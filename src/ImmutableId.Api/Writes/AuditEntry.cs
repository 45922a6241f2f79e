using ImmutableId.Core.Audit;

namespace ImmutableId.Api.Writes;

/// <summary>The part of an audit record the workflow knows (the rest comes from <see cref="WriteContext"/>).</summary>
public sealed record AuditEntry(
    bool DryRun,
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
    string? Error = null);
