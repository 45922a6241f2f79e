namespace ImmutableId.Core.Audit;

/// <summary>One guardrail's verdict, as the workflow reported it.</summary>
/// <param name="Code">The stable code (e.g. PrivilegedTarget, AlreadyMatched).</param>
/// <param name="Blocking">True for a blocker (the write was refused), false for a warning.</param>
/// <param name="Detail">The human explanation, when there is one.</param>
public sealed record AuditGuardrailResult(string Code, bool Blocking, string? Detail = null);
