namespace ImmutableId.Core.Audit;

/// <summary>A filter over the audit log; every criterion is optional and they combine with AND.</summary>
/// <param name="UserPrincipalName">Only records whose target UPN equals this (case-insensitive).</param>
/// <param name="Ticket">Only records with this ticket reference (exact).</param>
/// <param name="From">Only records whose time is at or after this.</param>
/// <param name="To">Only records whose time is before this.</param>
/// <param name="PageSize">At most this many records per page (1..<see cref="MaxPageSize"/>).</param>
/// <param name="ContinuationToken">The token of the previous page, to read the next one.</param>
public sealed record AuditQuery(
    string? UserPrincipalName = null,
    string? Ticket = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int PageSize = AuditQuery.DefaultPageSize,
    string? ContinuationToken = null)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
}
