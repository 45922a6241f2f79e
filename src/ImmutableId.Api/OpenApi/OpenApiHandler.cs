using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace ImmutableId.Api.OpenApi;

/// <summary>
/// <c>GET /api/openapi/v3.json</c> and <c>GET /api/openapi/v2.json</c>: the API's description, anonymous. The server
/// URL is the one the caller used (scheme, host, path base), so the documents work behind any host name.
/// </summary>
public sealed class OpenApiHandler(OpenApiSecuritySettings? security = null)
{
    private readonly OpenApiSecuritySettings _security = security ?? OpenApiSecuritySettings.Default;

    /// <summary>The OpenAPI 3.0 document.</summary>
    public Task<IResult> HandleV3Async(HttpRequest request, CancellationToken cancellationToken = default) =>
        HandleAsync(request, OpenApiSpecVersion.OpenApi3_0, cancellationToken);

    /// <summary>The Swagger 2.0 document (Power Automate custom connectors).</summary>
    public Task<IResult> HandleV2Async(HttpRequest request, CancellationToken cancellationToken = default) =>
        HandleAsync(request, OpenApiSpecVersion.OpenApi2_0, cancellationToken);

    /// <summary>
    /// <c>{scheme}://{host}{pathBase}/api</c> as the caller saw it. Behind App Service's front end the worker sees
    /// plain http; the front end's <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> give the public values.
    /// </summary>
    public static string ServerUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scheme = request.Scheme;
        var forwardedProto = First(request.Headers["X-Forwarded-Proto"].ToString());
        if (forwardedProto is "http" or "https")
        {
            scheme = forwardedProto;
        }

        var host = request.Host.HasValue ? request.Host.Value : "localhost";
        var forwardedHost = First(request.Headers["X-Forwarded-Host"].ToString());
        if (forwardedHost is { Length: > 0 and <= 255 } && forwardedHost.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']'))
        {
            host = forwardedHost;
        }

        return $"{scheme}://{host}{request.PathBase}/{ApiRoutes.Prefix}";
    }

    private async Task<IResult> HandleAsync(HttpRequest request, OpenApiSpecVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = await OpenApiDocumentFactory.WriteAsync(ServerUrl(request), version, _security, cancellationToken).ConfigureAwait(false);
        return Results.Text(json, "application/json; charset=utf-8", statusCode: StatusCodes.Status200OK);
    }

    private static string? First(string header)
    {
        var comma = header.IndexOf(',', StringComparison.Ordinal);
        var value = (comma >= 0 ? header[..comma] : header).Trim();
        return value.Length == 0 ? null : value.ToLowerInvariant();
    }
}
