using System.ComponentModel.DataAnnotations;
using ImmutableId.Core.Webhooks;

namespace ImmutableId.Api.Webhooks;

/// <summary>Webhook subscriptions and their delivery (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Webhooks";

    /// <summary>
    /// When not empty, callback hosts must match one of these: an exact host name (<c>hooks.contoso.com</c>) or a
    /// wildcard for its subdomains (<c>*.logic.azure.com</c>). Address rules apply either way.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>
    /// Tests only: lets callbacks go to a loopback address (127.0.0.0/8, ::1) over plain http. Refused outside the
    /// Standalone host's Development environment. Private, link-local and every other refused range stay refused.
    /// </summary>
    public bool AllowLoopbackForTests { get; set; }

    /// <summary>Attempts per delivery in all (the first included).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = WebhookRetrySchedule.Default.MaxAttempts;

    /// <summary>Seconds to wait after the first failed attempt; each further wait is <see cref="BackoffFactor"/> times longer.</summary>
    [Range(0.001, 86_400)]
    public double FirstRetrySeconds { get; set; } = WebhookRetrySchedule.Default.FirstRetry.TotalSeconds;

    /// <summary>How much longer each wait is than the one before.</summary>
    [Range(1, 10)]
    public double BackoffFactor { get; set; } = WebhookRetrySchedule.Default.Factor;

    /// <summary>Seconds an attempt may take (connect, send, answer headers).</summary>
    [Range(1, 60)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>How often the Standalone worker looks for ended jobs and due deliveries.</summary>
    [Range(10, 600_000)]
    public int PollMilliseconds { get; set; } = 2000;

    /// <summary>False stops the Standalone worker (another process delivers).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>The retry schedule these settings describe.</summary>
    public WebhookRetrySchedule RetrySchedule => new(MaxAttempts, TimeSpan.FromSeconds(FirstRetrySeconds), BackoffFactor);
}
