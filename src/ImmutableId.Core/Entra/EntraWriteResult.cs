namespace ImmutableId.Core.Entra;

/// <summary>The outcome of one write to Graph.</summary>
/// <param name="Status">What happened.</param>
/// <param name="RequestId">Graph's <c>request-id</c>, for the audit record and support cases.</param>
/// <param name="Message">Graph's error message, when it failed.</param>
/// <param name="RetryAfter">When throttled or unavailable: how long Graph asked to wait.</param>
/// <param name="ConflictingObjectId">For <see cref="EntraWriteStatus.AnchorInUse"/>: the object that holds the value, when Graph named it.</param>
/// <param name="ThrottleLimitPercentage">Graph's <c>x-ms-throttle-limit-percentage</c> on the answer (sent above 80 % of the app's limit), or null.</param>
public sealed record EntraWriteResult(
    EntraWriteStatus Status,
    string? RequestId = null,
    string? Message = null,
    TimeSpan? RetryAfter = null,
    string? ConflictingObjectId = null,
    double? ThrottleLimitPercentage = null)
{
    public bool Succeeded => Status == EntraWriteStatus.Succeeded;
}
