namespace ImmutableId.Api.Jobs;

/// <summary>Where to read a job.</summary>
/// <param name="Self">The job.</param>
/// <param name="Items">Its items as JSON, paged.</param>
/// <param name="ItemsCsv">All its items as CSV (the readiness report).</param>
/// <param name="Report">The readiness report as an HTML page: charts per outcome and code, what each code means, the users per code.</param>
public sealed record JobLinks(string Self, string Items, string ItemsCsv, string Report);
