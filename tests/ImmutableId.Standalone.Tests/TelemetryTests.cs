using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ImmutableId.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ImmutableId.Standalone.Tests;

/// <summary>OpenTelemetry through the whole Standalone pipeline (sandbox: emulator over HTTP), exported in memory.</summary>
public sealed class TelemetryTests(TelemetryTests.TelemetryFactory factory) : IClassFixture<TelemetryTests.TelemetryFactory>
{
    [Fact]
    public async Task DryRun_EmitsOneOperationSpanWithIdTicketOutcomeAndGraphSpansAndMetrics()
    {
        var client = factory.CreateClientWithRoles(AppRoles.Read, AppRoles.Write);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/users/alex.wilber%40contoso.com/immutable-id?dryRun=true");
        request.Headers.Add("X-Ticket-Id", "INC-TEL-0001");

        var response = await client.SendAsync(request);
        factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        factory.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var operationId = response.Headers.GetValues("X-Operation-Id").Single();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Activity[] spans;
        lock (factory.Activities)
        {
            spans = [.. factory.Activities];
        }

        var operation = spans.Single(a => a.Source.Name == "ImmutableId" && (string?)a.GetTagItem("immutableid.operation.id") == operationId);
        Assert.Equal("ImmutableId set", operation.DisplayName);
        Assert.Equal("INC-TEL-0001", operation.GetTagItem("immutableid.ticket"));
        Assert.Equal(response.StatusCode == HttpStatusCode.OK ? "dryRun" : "refused", operation.GetTagItem("immutableid.outcome"));
        Assert.Equal(true, operation.GetTagItem("immutableid.dry_run"));

        // No token and no anchor in any tag of the operation span.
        var after = body.RootElement.TryGetProperty("after", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        foreach (var (_, tag) in operation.TagObjects)
        {
            var text = tag is string[] list ? string.Join(",", list) : tag?.ToString() ?? string.Empty;
            Assert.DoesNotContain("eyJ", text, StringComparison.Ordinal);
            if (after is not null)
            {
                Assert.DoesNotContain(after, text, StringComparison.Ordinal);
            }
        }

        // The request's server span is its parent's trace, and the Graph calls are client spans in the same trace.
        Assert.Contains(spans, a => a.Kind == ActivityKind.Server && a.TraceId == operation.TraceId);
        Assert.Contains(spans, a => a.Kind == ActivityKind.Client && a.TraceId == operation.TraceId && a.Source.Name.StartsWith("System.Net.Http", StringComparison.Ordinal));

        MetricSnapshot[] metrics;
        lock (factory.Metrics)
        {
            metrics = [.. factory.Metrics];
        }

        Assert.Contains(metrics.Where(m => m.Name == "immutableid.operations").SelectMany(m => m.MetricPoints),
            p => Tags(p).Contains(new("immutableid.outcome", response.StatusCode == HttpStatusCode.OK ? "dryRun" : "refused")));
        Assert.Contains(metrics, m => m.Name == "immutableid.operation.duration");
        Assert.Contains(metrics.Where(m => m.Name == "immutableid.graph.requests").SelectMany(m => m.MetricPoints),
            p => Tags(p).Contains(new("http.response.status_code", 200)));
    }

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }

    public sealed class TelemetryFactory : StandaloneFactory
    {
        public List<Activity> Activities { get; } = [];

        public List<MetricSnapshot> Metrics { get; } = [];

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Telemetry:Exporter"] = "None" };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddOpenTelemetry()
                .WithTracing(t => t.AddInMemoryExporter(Activities))
                .WithMetrics(m => m.AddInMemoryExporter(Metrics)));
        }
    }
}
