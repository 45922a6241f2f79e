namespace ImmutableId.Core.Audit;

/// <summary>One page of audit records, newest first, and the token for the next page (null on the last).</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, string? ContinuationToken);
