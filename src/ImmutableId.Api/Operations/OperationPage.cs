using ImmutableId.Core.Audit;

namespace ImmutableId.Api.Operations;

/// <summary>Body of <c>GET /api/operations</c>: records newest first, and where to read the next page.</summary>
/// <param name="Items">The audit records of this page.</param>
/// <param name="ContinuationToken">Pass as <c>continuationToken</c> to read the next page; null on the last page.</param>
/// <param name="NextLink">The next page's relative URL (same filters), or null.</param>
public sealed record OperationPage(IReadOnlyList<AuditRecord> Items, string? ContinuationToken, string? NextLink);
