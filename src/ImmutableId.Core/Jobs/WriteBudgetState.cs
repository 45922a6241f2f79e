namespace ImmutableId.Core.Jobs;

/// <summary>
/// The shared token bucket of Graph writes, as stored: tokens at <see cref="UpdatedAt"/>, and the instant every worker
/// waits for after Graph answered 429. Pure arithmetic; the stores persist it under optimistic concurrency.
/// </summary>
/// <param name="Tokens">Writes available at <paramref name="UpdatedAt"/>.</param>
/// <param name="UpdatedAt">When <paramref name="Tokens"/> was computed.</param>
/// <param name="PausedUntil">No write before this (Graph's Retry-After), or null.</param>
/// <param name="Granted">Writes granted since the store was created (for the rate in the job resource).</param>
/// <param name="BulkHeldUntil">
/// No bulk write before this, or null: Graph reported the app near its limit (<c>x-ms-throttle-limit-percentage</c>),
/// so bulk items ease off while interactive writes keep going.
/// </param>
public sealed record WriteBudgetState(double Tokens, DateTimeOffset UpdatedAt, DateTimeOffset? PausedUntil, long Granted, DateTimeOffset? BulkHeldUntil = null)
{
    /// <summary>A full bucket.</summary>
    public static WriteBudgetState Full(JobOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new WriteBudgetState(options.WriteBurst, now, null, 0);
    }

    /// <summary>
    /// Takes one write for <paramref name="priority"/> at <paramref name="now"/>: the new state and zero, or the unchanged
    /// (refilled) state and how long to wait. A 429 pause holds every priority. A bulk take must leave
    /// <see cref="JobOptions.Reserve"/> tokens, so the refill restores the interactive reserve before bulk writes resume.
    /// </summary>
    public (WriteBudgetState State, TimeSpan Wait) TryTake(JobOptions options, DateTimeOffset now, WritePriority priority = WritePriority.Bulk)
    {
        ArgumentNullException.ThrowIfNull(options);
        var refilled = Refill(options, now);
        if (refilled.PausedUntil is { } until && until > now)
        {
            return (refilled, until - now);
        }

        if (priority == WritePriority.Bulk && refilled.BulkHeldUntil is { } held && held > now)
        {
            return (refilled, held - now);
        }

        var needed = 1 + (priority == WritePriority.Bulk ? options.Reserve : 0);
        if (refilled.Tokens >= needed)
        {
            return (refilled with { Tokens = refilled.Tokens - 1, Granted = refilled.Granted + 1 }, TimeSpan.Zero);
        }

        return (refilled, TimeSpan.FromSeconds((needed - refilled.Tokens) / options.WritesPerSecond));
    }

    /// <summary>The state with tokens added for the time since <see cref="UpdatedAt"/>.</summary>
    public WriteBudgetState Refill(JobOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var elapsed = Math.Max(0, (now - UpdatedAt).TotalSeconds);
        var tokens = Math.Min(options.WriteBurst, Tokens + (elapsed * options.WritesPerSecond));
        return this with { Tokens = tokens, UpdatedAt = now > UpdatedAt ? now : UpdatedAt, PausedUntil = PausedUntil > now ? PausedUntil : null, BulkHeldUntil = BulkHeldUntil > now ? BulkHeldUntil : null };
    }

    /// <summary>Pauses every worker until <paramref name="until"/> (a later pause wins).</summary>
    public WriteBudgetState PauseUntil(DateTimeOffset until) =>
        this with { PausedUntil = PausedUntil is { } current && current > until ? current : until, Tokens = 0 };

    /// <summary>Holds bulk writes until <paramref name="until"/> (a later hold wins); interactive writes and the tokens are untouched.</summary>
    public WriteBudgetState HoldBulkUntil(DateTimeOffset until) =>
        this with { BulkHeldUntil = BulkHeldUntil is { } current && current > until ? current : until };

    /// <summary>
    /// How long bulk writes ease off when Graph reports <paramref name="limitPercentage"/> of the app's limit in use:
    /// nothing below 80 % (Graph sends the header only above it), then linearly up to 5 s at 100 % or more — about 3 %
    /// of Graph's 150 s write window, enough for its bucket to refill ahead of ours without stalling a job.
    /// </summary>
    public static TimeSpan EaseFor(double limitPercentage) =>
        limitPercentage < 80 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(5, (limitPercentage - 80) / 4));
}
