namespace ImmutableId.EntraEmulator.Throttling;

/// <summary>A token bucket refilled continuously at capacity/window; not thread-safe (the gate locks).</summary>
internal sealed class TokenBucket(double capacity, double windowSeconds, DateTimeOffset now)
{
    private double _tokens = capacity;
    private DateTimeOffset _last = now;

    public double Capacity { get; } = capacity;

    private double RatePerSecond => Capacity / windowSeconds;

    /// <summary>The share of the limit in use, 0–100 (above 100 when high priority overdrew it).</summary>
    public double UsedPercent => Math.Max(0, (Capacity - _tokens) / Capacity * 100);

    public void Refill(DateTimeOffset now, double timeScale)
    {
        var elapsed = (now - _last).TotalSeconds * timeScale;
        if (elapsed > 0)
        {
            _tokens = Math.Min(Capacity, _tokens + elapsed * RatePerSecond);
            _last = now;
        }
    }

    /// <summary>Whether <paramref name="cost"/> fits while leaving <paramref name="floor"/> tokens (negative: may overdraw).</summary>
    public bool Fits(double cost, double floor) => _tokens - cost >= floor;

    public void Take(double cost) => _tokens -= cost;

    /// <summary>Real seconds until <paramref name="cost"/> fits above <paramref name="floor"/>.</summary>
    public double SecondsUntil(double cost, double floor, double timeScale) =>
        Math.Max(0, cost + floor - _tokens) / RatePerSecond / timeScale;
}
