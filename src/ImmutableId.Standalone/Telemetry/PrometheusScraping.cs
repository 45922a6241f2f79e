using OpenTelemetry.Metrics;

namespace ImmutableId.Standalone.Telemetry;

/// <summary>
/// Prometheus scraping, off by default: with <c>Telemetry:PrometheusUrl</c> (e.g. <c>http://127.0.0.1:9464</c>) the host
/// also listens there and answers <c>GET /metrics</c> (the OpenTelemetry metrics in the Prometheus text format) on
/// that listener only; the API's port answers 404 for <c>/metrics</c> and the metrics port answers 404 for the API.
/// Not authenticated: bind it to an address only the scraper reaches.
/// </summary>
internal static class PrometheusScraping
{
    public const string UrlKey = "Telemetry:PrometheusUrl";

    /// <summary>The scraping listener, or null when off.</summary>
    /// <exception cref="InvalidOperationException">Not an absolute http URL with an explicit port and no path.</exception>
    public static Uri? Url(IConfiguration configuration)
    {
        var text = configuration[UrlKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.IsDefaultPort ||
            url.AbsolutePath != "/" || url.Query.Length > 0)
        {
            throw new InvalidOperationException(
                $"{UrlKey} must be an http URL with an explicit port and no path, such as http://127.0.0.1:9464 (the scraper reads /metrics there); got '{text}'.");
        }

        return url;
    }

    /// <summary>Adds the scraping listener to the host's addresses (keeping the configured ones, or the default).</summary>
    public static void Listen(WebApplicationBuilder builder, Uri metrics, string defaultUrl)
    {
        var configured = builder.Configuration["urls"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            var ports = new[] { ("http", builder.Configuration["http_ports"]), ("https", builder.Configuration["https_ports"]) }
                .SelectMany(p => (p.Item2 ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"{p.Item1}://*:{port}"))
                .ToList();
            configured = ports.Count > 0 ? string.Join(';', ports) : defaultUrl;
        }

        builder.WebHost.UseUrls($"{configured};{metrics.GetLeftPart(UriPartial.Authority)}");
    }

    /// <summary>The exporter behind <c>/metrics</c>, when on.</summary>
    public static void Export(MeterProviderBuilder metrics, IConfiguration configuration)
    {
        if (Url(configuration) is not null)
        {
            metrics.AddPrometheusExporter();
        }
    }

    /// <summary>Serves <c>/metrics</c> on the scraping listener, and nothing else there (after the hardened headers).</summary>
    public static WebApplication UsePrometheusScraping(this WebApplication app)
    {
        if (Url(app.Configuration) is not { } url)
        {
            return app;
        }

        var port = url.Port;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: context => context.Connection.LocalPort == port && context.Request.Path == "/metrics",
            path: null,
            configureBranchedPipeline: null,
            optionsName: null);
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port)
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }
}
