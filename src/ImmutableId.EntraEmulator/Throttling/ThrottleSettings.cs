namespace ImmutableId.EntraEmulator.Throttling;

/// <summary>
/// Graph's identity-service throttling as emulated (learn.microsoft.com/graph/throttling-limits): token buckets per
/// app+tenant for resource units and writes, and per tenant for writes. Defaults are the documented limits.
/// </summary>
/// <param name="Enabled">False turns throttling off (every request passes; headers still report costs).</param>
/// <param name="TimeScale">
/// How fast emulated time runs for the buckets: 10 refills them ten times faster (and divides Retry-After by ten),
/// so benchmarks hit the real limits sooner without changing their ratios.
/// </param>
/// <param name="ResourceUnitLimit">Resource units per window per app+tenant; null = the tenant-size tier (3,500 / 5,000 / 8,000).</param>
/// <param name="ResourceUnitWindowSeconds">The resource-unit window (10 s).</param>
/// <param name="WriteLimit">Writes per window per app+tenant (3,000).</param>
/// <param name="WriteWindowSeconds">The write window (150 s).</param>
/// <param name="TenantWriteLimit">Writes per window per tenant, all apps (18,000).</param>
/// <param name="TenantWriteWindowSeconds">The tenant write window (300 s).</param>
public sealed record ThrottleSettings(
    bool Enabled = true,
    double TimeScale = 1,
    int? ResourceUnitLimit = null,
    double ResourceUnitWindowSeconds = 10,
    int WriteLimit = 3000,
    double WriteWindowSeconds = 150,
    int TenantWriteLimit = 18000,
    double TenantWriteWindowSeconds = 300)
{
    /// <summary>The documented resource-unit limit for a tenant of <paramref name="users"/> users.</summary>
    public static int TierLimit(int users) => users < 50 ? 3500 : users <= 500 ? 5000 : 8000;
}
