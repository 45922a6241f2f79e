extern alias EntraEmulator;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using ImmutableId.Api.Auth;
using ImmutableId.Standalone.Telemetry;
using ImmutableId.Standalone.Tests.Jobs;
using ImmutableId.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using EmulatorHost = EntraEmulator::ImmutableId.EntraEmulator.EntraEmulatorHost;
using Tenant = EntraEmulator::ImmutableId.EntraEmulator.DemoTenant;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// No telemetry exporter unless one is configured (OpenTelemetry's own convention): the console stays the log's, in
/// production and in the sandbox; an OTLP endpoint — <c>Telemetry:OtlpEndpoint</c> or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> — turns OTLP on outside the sandbox.
/// </summary>
public sealed class TelemetryExporterDefaultTests
{
    [Theory]
    [InlineData(true, null, null, "None")]
    [InlineData(false, null, null, "None")]
    [InlineData(true, "Console", null, "Console")]
    [InlineData(true, "Otlp", null, "Otlp")]
    [InlineData(false, "Console", null, "Console")]
    [InlineData(false, "None", "OTEL_EXPORTER_OTLP_ENDPOINT", "None")]
    [InlineData(false, null, "OTEL_EXPORTER_OTLP_ENDPOINT", "Otlp")]
    [InlineData(false, null, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "Otlp")]
    [InlineData(false, null, "Telemetry:OtlpEndpoint", "Otlp")]
    [InlineData(true, null, "OTEL_EXPORTER_OTLP_ENDPOINT", "None")]
    public void ExporterFor_SettingAndEndpoint_ExporterOnlyWhenConfigured(bool sandbox, string? exporter, string? endpointKey, string expected)
    {
        var values = new Dictionary<string, string?>();
        if (exporter is not null)
        {
            values["Telemetry:Exporter"] = exporter;
        }

        if (endpointKey is not null)
        {
            values[endpointKey] = "http://127.0.0.1:4318";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        Assert.Equal(expected, StandaloneTelemetry.ExporterFor(configuration, sandbox));
    }

    [Fact]
    public async Task ProductionHost_NoTelemetrySettings_PrintsNoSpansOnItsConsole()
    {
        await using var world = await ProductionWorld.StartAsync();
        await using var host = await StandaloneProcess.StartAsync(world.Settings);

        await world.StatusAndDryRunAsync(host);
        var exitCode = await host.StopWithSignalAsync("TERM");

        // The console exporter writes "Activity.TraceId:" per span and "Metric Name:" per metric, flushed at the latest on stop.
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("Activity.TraceId", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Metric Name", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionHost_ConsoleExporterAskedFor_PrintsSpans()
    {
        await using var world = await ProductionWorld.StartAsync();
        world.Settings["Telemetry:Exporter"] = "Console";
        await using var host = await StandaloneProcess.StartAsync(world.Settings);

        await world.StatusAndDryRunAsync(host);
        await host.StopWithSignalAsync("TERM");

        Assert.Contains("Activity.TraceId", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionHost_StandardOtlpEndpointVariable_ExportsSpansThere()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var world = await ProductionWorld.StartAsync();
        world.Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl;
        world.Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        await using var host = await StandaloneProcess.StartAsync(world.Settings);

        await world.StatusAndDryRunAsync(host);
        var exitCode = await host.StopWithSignalAsync("TERM");

        // The tracer provider flushes its batch when the host stops.
        Assert.Equal(0, exitCode);
        Assert.Contains("/v1/traces", collector.Paths);
        Assert.DoesNotContain("Activity.TraceId", host.Output, StringComparison.Ordinal);
    }

    /// <summary>The emulator, the test token issuer and a production configuration of the host, without telemetry settings.</summary>
    private sealed class ProductionWorld : IAsyncDisposable
    {
        private readonly EmulatorHost _emulator;
        private readonly TestTokenIssuer _issuer;
        private readonly string _folder;

        private ProductionWorld(EmulatorHost emulator, TestTokenIssuer issuer, string folder)
        {
            _emulator = emulator;
            _issuer = issuer;
            _folder = folder;
            Settings = StandaloneProcess.ProductionSettings(emulator.GraphBaseUrl, Tenant.TenantId, Tenant.FunctionAppId, folder, issuer.AuthSettings);
            Settings.Remove("Telemetry:Exporter");
        }

        public Dictionary<string, string?> Settings { get; }

        public static async Task<ProductionWorld> StartAsync() => new(
            await EmulatorHost.StartAsync(),
            await TestTokenIssuer.StartAsync(),
            Directory.CreateTempSubdirectory("immutableid-telemetry-").FullName);

        public async Task StatusAndDryRunAsync(StandaloneProcess host)
        {
            using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _issuer.AppToken(AppRoles.Read, AppRoles.Write));
            using var status = await client.GetAsync("/api/users/adele.vance@contoso.com/immutable-id");
            using var dryRun = await client.PutAsync("/api/users/adele.vance@contoso.com/immutable-id?dryRun=true", null);
            Assert.True(status.StatusCode == HttpStatusCode.OK, await status.Content.ReadAsStringAsync() + host.Output);
            Assert.True(dryRun.StatusCode == HttpStatusCode.OK, await dryRun.Content.ReadAsStringAsync() + host.Output);
        }

        public async ValueTask DisposeAsync()
        {
            await _issuer.DisposeAsync();
            await _emulator.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>An OTLP/HTTP receiver on a loopback port that records the paths posted to it (it answers 200, decodes nothing).</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<string> _paths = new();

        private OtlpCollector(WebApplication app) => _app = app;

        public string BaseUrl => _app.Urls.Single();

        public IReadOnlyCollection<string> Paths => _paths.ToArray();

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var collector = new OtlpCollector(app);
            app.MapPost("/{**path}", (HttpContext context) =>
            {
                collector._paths.Enqueue(context.Request.Path.Value ?? string.Empty);
                return Results.Ok();
            });
            await app.StartAsync();
            return collector;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
