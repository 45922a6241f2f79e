using System.ComponentModel.DataAnnotations;

namespace ImmutableId.Api.RateLimiting;

/// <summary>One class's limit: <see cref="PermitLimit"/> calls per <see cref="Window"/>, per caller.</summary>
public sealed class RateLimit
{
    /// <summary>Calls allowed per window (and the largest burst).</summary>
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    /// <summary>The window the permits refill over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
