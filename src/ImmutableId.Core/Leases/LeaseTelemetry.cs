using System.Diagnostics.Metrics;

namespace ImmutableId.Core.Leases;

/// <summary>
/// How long writes wait for their user's lease (a metric on the API's meter, <c>ImmutableId</c>: hosts that subscribe to
/// it get this too). Core takes no package: System.Diagnostics.Metrics is part of the runtime.
/// </summary>
internal static class LeaseTelemetry
{
    private static readonly Meter Meter = new("ImmutableId");

    /// <summary>Seconds from asking for a lease to holding it (acquired) or giving up (busy).</summary>
    public static readonly Histogram<double> Wait = Meter.CreateHistogram<double>(
        "immutableid.lease.wait", unit: "s", description: "Time a write waited for its user's lease, by outcome (acquired, busy).");
}
