namespace ImmutableId.Core.Audit;

/// <summary>One guardrail's verdict, as the workflow reported it.</summary>
/// <param name="Code">The stable code (e.g. PrivilegedTarget, AlreadyMatched).</param>
/// <param name="Blocking">True for a blocker (the write was refused).</param>
/// <param name="Detail">The human explanation, when there is one.</param>
/// <param name="Verdict">passed, blocked, warning or skipped, when the workflow said.</param>
public sealed record AuditGuardrailResult(string Code, bool Blocking, string? Detail = null, string? Verdict = null);
