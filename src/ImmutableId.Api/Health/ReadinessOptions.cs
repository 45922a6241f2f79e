using System.ComponentModel.DataAnnotations;

namespace ImmutableId.Api.Health;

/// <summary>Settings of the readiness probe (section <c>Health</c>; app settings <c>Health__ProbeTimeout</c>…).</summary>
public sealed class ReadinessOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Health";

    /// <summary>How long each dependency may take before it counts as failed (all run in parallel).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one probe round is reused, so frequent health checks cannot hammer Graph or the DC.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(10);
}
