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
/// server/client), exported as <c>Telemetry:Exporter</c> says: <c>Console</c> (default), <c>Otlp</c>
/// (<c>Telemetry:OtlpEndpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) or <c>None</c> (the sandbox's
/// default: every span on the console would bury what it prints to try); metrics also on a Prometheus scraping
/// listener when <c>Telemetry:PrometheusUrl</c> is set (<see cref="PrometheusScraping"/>).
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

    /// <summary>The exporter: <c>Telemetry:Exporter</c> when set, else None in the sandbox and Console elsewhere.</summary>
    internal static string ExporterFor(IConfiguration configuration, bool sandbox) =>
        configuration[$"{SectionName}:Exporter"] is { Length: > 0 } set ? set : sandbox ? "None" : "Console";

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
