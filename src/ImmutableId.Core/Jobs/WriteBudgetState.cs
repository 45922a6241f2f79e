namespace ImmutableId.Core.Jobs;

/// <summary>
/// The shared token bucket of Graph writes, as stored: tokens at <see cref="UpdatedAt"/>, and the instant every worker
/// waits for after Graph answered 429. Pure arithmetic; the stores persist it under optimistic concurrency.
/// </summary>
/// <param name="Tokens">Writes available at <paramref name="UpdatedAt"/>.</param>
/// <param name="UpdatedAt">When <paramref name="Tokens"/> was computed.</param>
/// <param name="PausedUntil">No write before this (Graph's Retry-After), or null.</param>
/// <param name="Granted">Writes granted since the store was created (for the rate in the job resource).</param>
public sealed record WriteBudgetState(double Tokens, DateTimeOffset UpdatedAt, DateTimeOffset? PausedUntil, long Granted)
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
        return this with { Tokens = tokens, UpdatedAt = now > UpdatedAt ? now : UpdatedAt, PausedUntil = PausedUntil > now ? PausedUntil : null };
    }

    /// <summary>Pauses every worker until <paramref name="until"/> (a later pause wins).</summary>
    public WriteBudgetState PauseUntil(DateTimeOffset until) =>
        this with { PausedUntil = PausedUntil is { } current && current > until ? current : until, Tokens = 0 };
}
