using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using ImmutableId.ActiveDirectory.Ldap;
using ImmutableId.Api.Telemetry;
using ImmutableId.Entra.Graph;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ImmutableId.Functions;

/// <summary>
/// OpenTelemetry in the Functions worker (host.json <c>telemetryMode: OpenTelemetry</c>): the worker's own
/// integration, our spans and metrics (see the Standalone host), and the Azure Monitor exporter when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set — with Entra authentication through the user-assigned identity
/// (<c>AZURE_CLIENT_ID</c>), as Application Insights' local auth is off.
/// </summary>
public static class FunctionsTelemetry
{
    /// <summary>Adds the OpenTelemetry providers (the audit telemetry hook comes with the shared services).</summary>
    public static IHostApplicationBuilder AddFunctionsTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var clientId = builder.Configuration["AZURE_CLIENT_ID"];
        TokenCredential? credential = string.IsNullOrWhiteSpace(clientId)
            ? null
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        var export = !string.IsNullOrWhiteSpace(connectionString);

        builder.Services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing =>
            {
                tracing.AddSource(ImmutableIdTelemetry.SourceName, LdapTelemetry.SourceName).AddHttpClientInstrumentation();
                if (export)
                {
                    tracing.AddAzureMonitorTraceExporter(o => Configure(o, connectionString!, credential));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ImmutableIdTelemetry.SourceName, GraphTelemetry.MeterName).AddHttpClientInstrumentation();
                if (export)
                {
                    metrics.AddAzureMonitorMetricExporter(o => Configure(o, connectionString!, credential));
                }
            });
        if (export)
        {
            builder.Logging.AddOpenTelemetry(logging => logging.AddAzureMonitorLogExporter(o => Configure(o, connectionString!, credential)));
        }

        return builder;
    }

    private static void Configure(AzureMonitorExporterOptions options, string connectionString, TokenCredential? credential)
    {
        options.ConnectionString = connectionString;
        if (credential is not null)
        {
            options.Credential = credential;
        }
    }
}
