using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImmutableId.Api.RateLimiting;

/// <summary>Registers inbound rate limiting (the authorization gate calls it).</summary>
public static class RateLimitingServiceCollectionExtensions
{
    /// <summary>Adds <see cref="InboundRateLimiter"/> and its validated <see cref="RateLimitOptions"/> (section <c>RateLimits</c>).</summary>
    public static IServiceCollection AddInboundRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.SectionName)
            .Validate(o => new[] { o.Reads, o.Writes, o.DryRuns }.All(Valid),
                "RateLimits: each of Reads, Writes and DryRuns needs PermitLimit 1..1000000 and Window 00:00:01..1.00:00:00.")
            .ValidateOnStart();
        services.TryAddSingleton<InboundRateLimiter>();
        return services;
    }

    private static bool Valid(RateLimit? limit) =>
        limit is { PermitLimit: >= 1 and <= 1_000_000 } && limit.Window >= TimeSpan.FromSeconds(1) && limit.Window <= TimeSpan.FromDays(1);
}
