namespace ImmutableId.Api.Jobs;

/// <summary>The caller's jobs, newest first.</summary>
/// <param name="Jobs">At most 50.</param>
public sealed record JobList(IReadOnlyList<JobView> Jobs);
