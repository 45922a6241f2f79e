namespace ImmutableId.Api.Jobs;

/// <summary>Where to read a job.</summary>
/// <param name="Self">The job.</param>
/// <param name="Items">Its items as JSON, paged.</param>
/// <param name="ItemsCsv">All its items as CSV (the readiness report).</param>
public sealed record JobLinks(string Self, string Items, string ItemsCsv);
