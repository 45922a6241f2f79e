namespace ImmutableId.Core.Jobs;

/// <summary>Which items of a job to read.</summary>
/// <param name="Status">Only items with this status.</param>
/// <param name="Code">Only items carrying this guardrail code (exact).</param>
/// <param name="PageSize">At most this many (1..<see cref="MaxPageSize"/>).</param>
/// <param name="ContinuationToken">The previous page's token.</param>
public sealed record JobItemQuery(JobItemStatus? Status = null, string? Code = null, int PageSize = JobItemQuery.DefaultPageSize, string? ContinuationToken = null)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
}
