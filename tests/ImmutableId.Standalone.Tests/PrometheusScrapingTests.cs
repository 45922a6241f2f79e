extern alias EntraEmulator;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using ImmutableId.Api.Auth;
using ImmutableId.Standalone.Telemetry;
using ImmutableId.Standalone.Tests.Jobs;
using ImmutableId.Testing;
using Microsoft.Extensions.Configuration;
using EmulatorHost = EntraEmulator::ImmutableId.EntraEmulator.EntraEmulatorHost;
using Tenant = EntraEmulator::ImmutableId.EntraEmulator.DemoTenant;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// <c>Telemetry:PrometheusUrl</c>: the host process answers <c>/metrics</c> on that listener only, with the API's own
/// metrics after a status; the API's port does not serve it, and the metrics port serves nothing else.
/// </summary>
public sealed class PrometheusScrapingTests
{
    [Fact]
    public async Task Metrics_OnItsOwnListener_ScrapesTheApiMetrics_NowhereElse()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        await using var issuer = await TestTokenIssuer.StartAsync();
        var directory = Directory.CreateTempSubdirectory("immutableid-metrics-").FullName;
        var metricsUrl = $"http://127.0.0.1:{FreePort()}";
        var settings = StandaloneProcess.ProductionSettings(emulator.GraphBaseUrl, Tenant.TenantId, Tenant.FunctionAppId, directory, issuer.AuthSettings);
        settings[PrometheusScraping.UrlKey] = metricsUrl;

        await using (var host = await StandaloneProcess.StartAsync(settings))
        {
            using var client = new HttpClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.AppToken(AppRoles.Read));
            var status = await client.GetAsync(host.BaseUrl + "/api/users/adele.vance@contoso.com/immutable-id");

            var metrics = await client.GetAsync(metricsUrl + "/metrics");
            var onApiPort = await client.GetAsync(host.BaseUrl + "/metrics");
            var apiOnMetricsPort = await client.GetAsync(metricsUrl + "/api/health");

            Assert.True(status.StatusCode == HttpStatusCode.OK, await status.Content.ReadAsStringAsync() + host.Output);
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            var text = await metrics.Content.ReadAsStringAsync();
            Assert.Contains("immutableid_graph_requests_total{", text, StringComparison.Ordinal);
            Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, onApiPort.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, apiOnMetricsPort.StatusCode);
            Assert.Equal("nosniff", metrics.Headers.GetValues("X-Content-Type-Options").Single());
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("https://127.0.0.1:9464")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:9464/metrics")]
    [InlineData("127.0.0.1:9464")]
    public void Url_NotAnHttpListenerAddress_RefusedWithWhatToSet(string url)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PrometheusScraping.UrlKey] = url }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => PrometheusScraping.Url(configuration));

        Assert.Contains("http://127.0.0.1:9464", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_Unset_Off()
    {
        Assert.Null(PrometheusScraping.Url(new ConfigurationBuilder().Build()));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
