using ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.EntraEmulator;

/// <summary>How to start an in-process emulator.</summary>
public sealed class EntraEmulatorOptions
{
    /// <summary>The tenant to serve; null = <see cref="SeedPath"/>, else the demo tenant.</summary>
    public TenantSeed? Seed { get; set; }

    /// <summary>A seed file to load when <see cref="Seed"/> is null.</summary>
    public string? SeedPath { get; set; }

    /// <summary>The loopback port; 0 (default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The clock for token lifetimes, throttling buckets and the read-after-write lag (tests may pass a fake).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How many Graph requests the request log keeps (the oldest tenth goes when full). Every entry holds the request's
    /// query, headers and body, so a long-running emulator under load holds this many of them in memory.
    /// </summary>
    public int RequestLogCapacity { get; set; } = Hosting.RequestLog.DefaultCapacity;
}
