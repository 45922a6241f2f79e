using System.Diagnostics.Metrics;

namespace ImmutableId.Entra.Graph;

/// <summary>
/// Graph request metrics (the spans come from HttpClient's own instrumentation): every HTTP request to Graph by status
/// code, and the throttled ones (429) apart, so a dashboard can show the share of requests Graph throttled.
/// </summary>
public static class GraphTelemetry
{
    /// <summary>The Meter name to subscribe to.</summary>
    public const string MeterName = "ImmutableId.Graph";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "immutableid.graph.requests", unit: "{request}", description: "HTTP requests sent to Microsoft Graph, by method and status code.");

    internal static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "immutableid.graph.throttled", unit: "{request}", description: "Graph requests answered 429 (throttled).");
}
