namespace ImmutableId.EntraEmulator.Faults;

/// <summary>Draws the faults for each request from a seeded random source (same seed, same sequence of faults).</summary>
internal sealed class FaultInjector
{
    private readonly object _gate = new();
    private FaultSettings _settings = new();
    private Random _random = new(42);
    private int _forcedThrottles;

    public FaultSettings Settings
    {
        get { lock (_gate) { return _settings with { ThrottleNextRequests = _forcedThrottles }; } }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.ErrorRate is < 0 or > 1 || value.DropRate is < 0 or > 1 || value.DropAfterApplyRate is < 0 or > 1 || value.LatencyMs < 0 || value.LatencyJitterMs < 0 ||
                value.AdvancedQueryLagMs < 0 || value.ThrottleNextRequests < 0 || value.ErrorRetryAfterSeconds < 0 || value.ThrottleRetryAfterSeconds < 0)
            {
                throw new ArgumentException("Rates are between 0 and 1; times and counts are not negative.", nameof(value));
            }

            lock (_gate)
            {
                _settings = value;
                _forcedThrottles = value.ThrottleNextRequests;
                _random = new Random(value.RandomSeed);
            }
        }
    }

    public TimeSpan AdvancedQueryLag
    {
        get { lock (_gate) { return TimeSpan.FromMilliseconds(_settings.AdvancedQueryLagMs); } }
    }

    /// <summary>The faults for the next HTTP request.</summary>
    public FaultPlan Next()
    {
        lock (_gate)
        {
            var s = _settings;
            var delay = s.LatencyMs + (s.LatencyJitterMs > 0 ? _random.Next(0, s.LatencyJitterMs + 1) : 0);
            var drop = s.DropRate > 0 && _random.NextDouble() < s.DropRate;
            int? error = !drop && s.ErrorRate > 0 && _random.NextDouble() < s.ErrorRate ? (_random.Next(2) == 0 ? 503 : 504) : null;
            // Drawn only when the rate is set, so the sequence of the other faults for a seed stays what it was.
            var dropAfterApply = !drop && error is null && s.DropAfterApplyRate > 0 && _random.NextDouble() < s.DropAfterApplyRate;
            return new FaultPlan(TimeSpan.FromMilliseconds(delay), drop, error, s.ErrorRetryAfterSeconds, dropAfterApply);
        }
    }

    /// <summary>Consumes one forced 429 when any is pending; answers its Retry-After.</summary>
    public int? TakeForcedThrottle()
    {
        lock (_gate)
        {
            if (_forcedThrottles <= 0)
            {
                return null;
            }

            _forcedThrottles--;
            return _settings.ThrottleRetryAfterSeconds;
        }
    }
}
