namespace ImmutableId.Core.Webhooks;

/// <summary>
/// When a failed delivery is tried again: exponential backoff, <c>first × factor^(n-1)</c> after the n-th failed attempt,
/// up to <see cref="MaxAttempts"/> attempts in all. The defaults (6 attempts, 10 s × 4ⁿ) try for about an hour:
/// at 0 s, 10 s, 50 s, 3 min 30 s, 14 min 10 s and 56 min 50 s.
/// </summary>
/// <param name="MaxAttempts">Attempts in all, the first included.</param>
/// <param name="FirstRetry">The wait after the first failed attempt.</param>
/// <param name="Factor">How much longer each further wait is.</param>
public sealed record WebhookRetrySchedule(int MaxAttempts, TimeSpan FirstRetry, double Factor)
{
    /// <summary>6 attempts over about an hour.</summary>
    public static WebhookRetrySchedule Default { get; } = new(6, TimeSpan.FromSeconds(10), 4);

    /// <summary>The wait after <paramref name="failedAttempts"/> failed attempts, or null when no attempt is left.</summary>
    public TimeSpan? After(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        return failedAttempts >= MaxAttempts ? null : FirstRetry * Math.Pow(Factor, failedAttempts - 1);
    }
}
