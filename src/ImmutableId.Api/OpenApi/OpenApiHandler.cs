using System.Collections.Concurrent;
using ImmutableId.Api.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace ImmutableId.Api.OpenApi;

/// <summary>
/// <c>GET /api/openapi/v3.json</c> and <c>GET /api/openapi/v2.json</c>: the API's description, anonymous. The server
/// URL comes from <see cref="OpenApiOptions"/>, never from an arbitrary <c>Host</c> or <c>X-Forwarded-Host</c>.
/// Each document is written once per server URL and version and kept (at most <see cref="MaxCachedDocuments"/>): the
/// endpoint is anonymous, and writing the 180 KB document on every request held it to about 127 requests/s on two cores
/// (liveness: 36,000), allocating the document's size each time.
/// </summary>
public sealed class OpenApiHandler(OpenApiSecuritySettings? security = null, OpenApiOptions? options = null)
{
    private readonly OpenApiSecuritySettings _security = security ?? OpenApiSecuritySettings.Default;
    private readonly OpenApiOptions _options = options ?? new OpenApiOptions();

    // Server URLs are few (the configured one, allow-listed hosts, loopback with a port, relative), but loopback ports are
    // the caller's choice: past the bound, a document is written for the request and not kept.
    private readonly ConcurrentDictionary<(string Server, OpenApiSpecVersion Version), Lazy<Task<string>>> _documents = new();

    /// <summary>The most documents kept (server URL × version).</summary>
    public const int MaxCachedDocuments = 32;

    /// <summary>The OpenAPI 3.0 document.</summary>
    /// <param name="request">The request the server URL is derived from (<see cref="ServerUrl"/>).</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public Task<ApiAnswer<OpenApiDocumentJson>> HandleV3Async(HttpRequest request, CancellationToken cancellationToken = default) =>
        HandleAsync(request, OpenApiSpecVersion.OpenApi3_0, cancellationToken);

    /// <summary>The Swagger 2.0 document (Power Automate custom connectors).</summary>
    /// <param name="request">The request the server URL is derived from (<see cref="ServerUrl"/>).</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public Task<ApiAnswer<OpenApiDocumentJson>> HandleV2Async(HttpRequest request, CancellationToken cancellationToken = default) =>
        HandleAsync(request, OpenApiSpecVersion.OpenApi2_0, cancellationToken);

    /// <summary>
    /// The server URL: <c>{PublicBaseUrl}/api</c> when configured; else <c>{scheme}://{host}{pathBase}/api</c> when the
    /// host (<c>X-Forwarded-Host</c> from App Service's front end, else <c>Host</c>) is loopback or allow-listed;
    /// else the relative <c>{pathBase}/api</c>, which clients resolve against the URL they fetched the document from.
    /// </summary>
    public static string ServerUrl(HttpRequest request, OpenApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        options ??= new OpenApiOptions();
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return $"{options.PublicBaseUrl.TrimEnd('/')}/{ApiRoutes.Prefix}";
        }

        var relative = $"{request.PathBase}/{ApiRoutes.Prefix}";
        var host = First(request.Headers["X-Forwarded-Host"].ToString()) ?? (request.Host.HasValue ? request.Host.Value.ToLowerInvariant() : null);
        if (host is null || !IsAllowed(host, options))
        {
            return relative;
        }

        var scheme = First(request.Headers["X-Forwarded-Proto"].ToString()) is { } proto && proto is "http" or "https" ? proto : request.Scheme;
        return $"{scheme}://{host}{relative}";
    }

    private static bool IsAllowed(string host, OpenApiOptions options)
    {
        var name = HostName(host);
        if (name is null)
        {
            return false;
        }

        if (name == "localhost" || (System.Net.IPAddress.TryParse(name.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address)))
        {
            return true;
        }

        return options.AllowedForwardedHosts.Any(a =>
            string.Equals(a, host, StringComparison.OrdinalIgnoreCase) ||
            (!a.Contains(':', StringComparison.Ordinal) && string.Equals(a, name, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The host without its port, or null when it holds anything but a host name, an IP literal and a port.</summary>
    private static string? HostName(string host)
    {
        if (host.Length > 255 || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']'))
        {
            return null;
        }

        if (host.StartsWith('['))
        {
            var end = host.IndexOf(']', StringComparison.Ordinal);
            return end < 0 ? null : host[..(end + 1)];
        }

        var colon = host.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? host : host[..colon];
    }

    private async Task<ApiAnswer<OpenApiDocumentJson>> HandleAsync(HttpRequest request, OpenApiSpecVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = (ServerUrl(request, _options), version);
        if (!_documents.TryGetValue(key, out var document))
        {
            // Written without the caller's token: a kept document must not be one a caller's departure cancelled.
            var written = new Lazy<Task<string>>(() => OpenApiDocumentFactory.WriteAsync(key.Item1, version, _security, CancellationToken.None));
            document = _documents.Count < MaxCachedDocuments ? _documents.GetOrAdd(key, written) : written;
        }

        try
        {
            return new OpenApiDocumentJson(await document.Value.WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception) when (document.Value.IsFaulted)
        {
            _documents.TryRemove(new KeyValuePair<(string, OpenApiSpecVersion), Lazy<Task<string>>>(key, document));
            throw;
        }
    }

    private static string? First(string header)
    {
        var comma = header.IndexOf(',', StringComparison.Ordinal);
        var value = (comma >= 0 ? header[..comma] : header).Trim();
        return value.Length == 0 ? null : value.ToLowerInvariant();
    }
}
