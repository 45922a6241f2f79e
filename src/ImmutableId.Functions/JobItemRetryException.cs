using ImmutableId.Core.Jobs;

namespace ImmutableId.Functions;

/// <summary>Thrown so the Functions runtime delivers a job item again (Graph or the DC was unavailable).</summary>
public sealed class JobItemRetryException(JobMessage item, TimeSpan retryAfter)
    : Exception($"Job {item.JobId} item {item.Index}: a directory was unavailable; the item is delivered again (suggested wait {retryAfter.TotalSeconds:F0} s).");
