namespace ImmutableId.Api.Jobs;

/// <summary>The app-wide Graph write budget the job workers share.</summary>
/// <param name="WritesPerSecond">The budget's sustained rate (Jobs:WritesPerWindow / Jobs:WriteWindowSeconds).</param>
/// <param name="PercentInUse">How much of the burst is spent now (0-100).</param>
/// <param name="PausedUntil">When Graph answered 429: no write before this.</param>
public sealed record WriteBudgetView(double WritesPerSecond, double PercentInUse, DateTimeOffset? PausedUntil);
