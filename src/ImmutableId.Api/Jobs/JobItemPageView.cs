namespace ImmutableId.Api.Jobs;

/// <summary>One page of a job's items.</summary>
/// <param name="Items">The items, in index order.</param>
/// <param name="ContinuationToken">Send it back as continuationToken for the next page; null on the last.</param>
/// <param name="NextLink">The next page's URL; null on the last.</param>
public sealed record JobItemPageView(IReadOnlyList<JobItemView> Items, string? ContinuationToken, string? NextLink);
