using System.ComponentModel.DataAnnotations;

namespace ImmutableId.Api.RateLimiting;

/// <summary>
/// Inbound limits per caller (app id + object id) and operation class (section <c>RateLimits</c>; app settings
/// <c>RateLimits__Writes__PermitLimit</c>…). Each limit is a token bucket: up to <see cref="RateLimit.PermitLimit"/>
/// calls at once, refilled evenly over <see cref="RateLimit.Window"/>. Counted per instance.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RateLimits";

    /// <summary>False turns inbound limiting off (e.g. behind an API gateway that limits already).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Status, audit reads, conversions.</summary>
    [Required]
    public RateLimit Reads { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Real sets and clears.</summary>
    [Required]
    public RateLimit Writes { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Sets and clears with dryRun=true.</summary>
    [Required]
    public RateLimit DryRuns { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };

    /// <summary>The limit of one class.</summary>
    public RateLimit For(OperationClass operationClass) => operationClass switch
    {
        OperationClass.Writes => Writes,
        OperationClass.DryRuns => DryRuns,
        _ => Reads,
    };
}
