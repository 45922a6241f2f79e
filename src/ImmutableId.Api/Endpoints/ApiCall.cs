using ImmutableId.Api.Auth;
using ImmutableId.Api.Http;
using ImmutableId.Core.HardMatch;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Endpoints;

/// <summary>One request to an endpoint's handler, the same in both hosts.</summary>
/// <param name="Request">The HTTP request.</param>
/// <param name="RouteValues">The route's parameters (e.g. <see cref="ApiRoutes.UserParameter"/>), as the host bound them.</param>
/// <param name="Operation">For writes, the operation the write guard opened; otherwise null.</param>
/// <param name="CancellationToken">Cancelled when the caller goes away.</param>
/// <param name="Caller">The caller the auth step admitted; null behind no gate.</param>
/// <param name="Body">For writes, the body the write guard read (once); otherwise null.</param>
public sealed record ApiCall(HttpRequest Request, IReadOnlyDictionary<string, string?> RouteValues, OperationContext? Operation, CancellationToken CancellationToken, ApiCaller? Caller = null, RequestBody? Body = null)
{
    /// <summary>No route parameters.</summary>
    public static readonly IReadOnlyDictionary<string, string?> NoRouteValues = new Dictionary<string, string?>();

    /// <summary>The route parameter <paramref name="name"/>, or null when the route has none.</summary>
    public string? Route(string name) => RouteValues.TryGetValue(name, out var value) ? value : null;

    /// <summary>The operation a write runs under (the write guard always opens one).</summary>
    public OperationContext RequiredOperation =>
        Operation ?? throw new InvalidOperationException("This handler runs only behind the write guard (ApiEndpointGate.Write).");

    /// <summary>The caller the auth step admitted (every endpoint with a role).</summary>
    public ApiCaller RequiredCaller =>
        Caller ?? throw new InvalidOperationException("This handler runs only behind the auth step (ApiEndpointGate.AppRole or Write).");

    /// <summary>The body the write guard read (once) for this write.</summary>
    public RequestBody RequiredBody =>
        Body ?? throw new InvalidOperationException("This handler runs only behind the write guard (ApiEndpointGate.Write).");
}
