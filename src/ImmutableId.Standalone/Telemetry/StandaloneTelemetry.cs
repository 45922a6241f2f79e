using ImmutableId.ActiveDirectory.Ldap;
using ImmutableId.Api.Telemetry;
using ImmutableId.Entra.Graph;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ImmutableId.Standalone.Telemetry;

/// <summary>
/// OpenTelemetry in the Standalone host: traces (requests, one span per set/clear, Graph HTTP and LDAP dependency
/// spans) and metrics (operations by outcome and code, durations, Graph requests by status and throttling, HTTP
/// server/client), exported as <c>Telemetry:Exporter</c> says: <c>Console</c>, <c>Otlp</c>
/// (<c>Telemetry:OtlpEndpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) or <c>None</c> — by default
/// <c>None</c>, or <c>Otlp</c> when an OTLP endpoint is configured (<see cref="ExporterFor"/>); metrics also on a
/// Prometheus scraping listener when <c>Telemetry:PrometheusUrl</c> is set (<see cref="PrometheusScraping"/>).
/// </summary>
internal static class StandaloneTelemetry
{
    public const string SectionName = "Telemetry";

    public static WebApplicationBuilder AddStandaloneTelemetry(this WebApplicationBuilder builder, bool sandbox)
    {
        var exporter = ExporterFor(builder.Configuration, sandbox);
        var endpoint = builder.Configuration[$"{SectionName}:OtlpEndpoint"];
        if (!exporter.Equals("Console", StringComparison.OrdinalIgnoreCase) &&
            !exporter.Equals("Otlp", StringComparison.OrdinalIgnoreCase) &&
            !exporter.Equals("None", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Telemetry:Exporter must be Console, Otlp or None, not '{exporter}'.");
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("ImmutableId.Standalone", serviceVersion: Api.Health.HealthHandler.PublicVersion))
            .WithTracing(tracing =>
            {
                tracing.AddSource(ImmutableIdTelemetry.SourceName, LdapTelemetry.SourceName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                Export(tracing, exporter, endpoint);
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ImmutableIdTelemetry.SourceName, GraphTelemetry.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                Export(metrics, exporter, endpoint);
                PrometheusScraping.Export(metrics, builder.Configuration);
            });
        return builder;
    }

    /// <summary>The standard OpenTelemetry variables that name an OTLP endpoint (any of them turns OTLP on).</summary>
    internal static readonly string[] OtlpEndpointVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    /// <summary>
    /// The exporter: <c>Telemetry:Exporter</c> when set; else, outside the sandbox, <c>Otlp</c> when an endpoint is
    /// configured (<c>Telemetry:OtlpEndpoint</c> or a standard <c>OTEL_EXPORTER_OTLP_*ENDPOINT</c> variable); else
    /// <c>None</c>. No exporter unless one is configured, as OpenTelemetry's own SDKs do: a console exporter by default
    /// wrote every span to stdout (4.5 MB in 8 minutes of a polled job) and buried the log.
    /// </summary>
    internal static string ExporterFor(IConfiguration configuration, bool sandbox)
    {
        if (configuration[$"{SectionName}:Exporter"] is { Length: > 0 } set)
        {
            return set;
        }

        var endpoint = !string.IsNullOrWhiteSpace(configuration[$"{SectionName}:OtlpEndpoint"]) ||
            OtlpEndpointVariables.Any(name => !string.IsNullOrWhiteSpace(configuration[name]));
        return !sandbox && endpoint ? "Otlp" : "None";
    }

    private static void Export(TracerProviderBuilder tracing, string exporter, string? endpoint)
    {
        if (exporter.Equals("Console", StringComparison.OrdinalIgnoreCase))
        {
            tracing.AddConsoleExporter();
        }
        else if (exporter.Equals("Otlp", StringComparison.OrdinalIgnoreCase))
        {
            tracing.AddOtlpExporter(o => Endpoint(o, endpoint));
        }
    }

    private static void Export(MeterProviderBuilder metrics, string exporter, string? endpoint)
    {
        if (exporter.Equals("Console", StringComparison.OrdinalIgnoreCase))
        {
            metrics.AddConsoleExporter();
        }
        else if (exporter.Equals("Otlp", StringComparison.OrdinalIgnoreCase))
        {
            metrics.AddOtlpExporter(o => Endpoint(o, endpoint));
        }
    }

    private static void Endpoint(OpenTelemetry.Exporter.OtlpExporterOptions options, string? endpoint)
    {
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            options.Endpoint = new Uri(endpoint);
        }
    }
}
