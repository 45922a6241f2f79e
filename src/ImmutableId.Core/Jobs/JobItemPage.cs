namespace ImmutableId.Core.Jobs;

/// <summary>One page of a job's items, in index order.</summary>
/// <param name="Items">The items.</param>
/// <param name="ContinuationToken">Null on the last page.</param>
public sealed record JobItemPage(IReadOnlyList<JobItem> Items, string? ContinuationToken);
