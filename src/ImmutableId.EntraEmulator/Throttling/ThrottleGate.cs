namespace ImmutableId.EntraEmulator.Throttling;

/// <summary>
/// The token buckets: per app+tenant resource units (by tenant-size tier, 10 s), per app+tenant writes (3,000 / 150 s),
/// per tenant writes (18,000 / 5 min). Priority: [I] low requests must leave 20 % of a bucket, normal use it all,
/// high may overdraw it by 10 % — so low is throttled first and high last, as Graph documents.
/// </summary>
internal sealed class ThrottleGate(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.OrdinalIgnoreCase);
    private ThrottleSettings _settings = new();

    public ThrottleSettings Settings
    {
        get { lock (_gate) { return _settings; } }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate)
            {
                _settings = value;
                _buckets.Clear();
            }
        }
    }

    /// <summary>Empties the bucket state (full buckets again).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _buckets.Clear();
        }
    }

    /// <summary>Charges one request, or refuses it.</summary>
    public ThrottleDecision Charge(string tenantId, int tenantSize, string appId, int resourceUnits, bool isWrite, string? priority)
    {
        var floorShare = priority?.ToLowerInvariant() switch
        {
            "low" => 0.2,
            "high" => -0.1,
            _ => 0.0,
        };
        lock (_gate)
        {
            var s = _settings;
            var now = time.GetUtcNow();
            var ru = Bucket($"ru/{tenantId}/{appId}", s.ResourceUnitLimit ?? ThrottleSettings.TierLimit(tenantSize), s.ResourceUnitWindowSeconds, now, s.TimeScale);
            var writes = isWrite ? Bucket($"w/{tenantId}/{appId}", s.WriteLimit, s.WriteWindowSeconds, now, s.TimeScale) : null;
            var tenantWrites = isWrite ? Bucket($"tw/{tenantId}", s.TenantWriteLimit, s.TenantWriteWindowSeconds, now, s.TimeScale) : null;
            if (s.Enabled)
            {
                if (!ru.Fits(resourceUnits, floorShare * ru.Capacity))
                {
                    return Refuse(ru, resourceUnits, floorShare, s, $"Tenant_Application/ReadWrite/{tenantId}/{appId}", "ResourceUnitLimitExceeded");
                }

                if (writes is not null && !writes.Fits(1, floorShare * writes.Capacity))
                {
                    return Refuse(writes, 1, floorShare, s, $"Tenant_Application/Write/{tenantId}/{appId}", "WriteLimitExceeded");
                }

                if (tenantWrites is not null && !tenantWrites.Fits(1, floorShare * tenantWrites.Capacity))
                {
                    return Refuse(tenantWrites, 1, floorShare, s, $"Tenant/Write/{tenantId}", "WriteLimitExceeded");
                }
            }

            ru.Take(resourceUnits);
            writes?.Take(1);
            tenantWrites?.Take(1);
            var used = Math.Max(ru.UsedPercent, Math.Max(writes?.UsedPercent ?? 0, tenantWrites?.UsedPercent ?? 0));
            return new ThrottleDecision(true, resourceUnits, LimitPercentage: used > 80 ? (int)Math.Round(used) : null);
        }
    }

    private TokenBucket Bucket(string key, double capacity, double window, DateTimeOffset now, double timeScale)
    {
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            _buckets[key] = bucket = new TokenBucket(capacity, window, now);
        }

        bucket.Refill(now, timeScale);
        return bucket;
    }

    private static ThrottleDecision Refuse(TokenBucket bucket, double cost, double floorShare, ThrottleSettings s, string scope, string information)
    {
        var seconds = bucket.SecondsUntil(cost, floorShare * bucket.Capacity, s.TimeScale);
        return new ThrottleDecision(false, (int)cost, Math.Max(1, (int)Math.Ceiling(seconds)), scope, information, (int)Math.Round(bucket.UsedPercent));
    }
}
