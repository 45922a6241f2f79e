using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ImmutableId.Api.Telemetry;

/// <summary>
/// The API's own spans and metrics. One span per set/clear (real, dry run or refused) carrying the operation id,
/// ticket, outcome and guardrail codes — never tokens or anchors — and metrics of operations by outcome and code,
/// with their duration. Hosts subscribe to <see cref="SourceName"/> (and the Graph and LDAP sources).
/// </summary>
public static class ImmutableIdTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string SourceName = "ImmutableId";

    internal static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    internal static readonly Counter<long> Operations = Meter.CreateCounter<long>(
        "immutableid.operations", unit: "{operation}", description: "Set and clear attempts, by operation, outcome and guardrail code (one count per blocking code; 'none' when none).");

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "immutableid.operation.duration", unit: "s", description: "Duration of set and clear attempts, from the start to the recorded outcome.");
}
