using ImmutableId.Api.Auth;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Writes;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Endpoints;

/// <summary>
/// Runs a declared endpoint the same way in both hosts: its gate (<see cref="ApiEndpointGate"/>), then its handler.
/// Reached only through <see cref="ApiEndpointRunner{THandler}"/>, which the Standalone endpoints and the Azure Functions
/// take, so neither host can serve a handler without its gate.
/// </summary>
public sealed class ApiEndpointPipeline(ApiAuthorizer authorizer, WriteGuard writeGuard)
{
    /// <summary>Runs <paramref name="endpoint"/>'s gate, then <paramref name="handler"/> when the gate lets the request through.</summary>
    public Task<IResult> RunAsync(
        ApiOperationDescription endpoint,
        HttpRequest request,
        IReadOnlyDictionary<string, string?> routeValues,
        Func<ApiCall, Task<IResult>> handler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(routeValues);
        ArgumentNullException.ThrowIfNull(handler);
        var call = new ApiCall(request, routeValues, null, cancellationToken);
        return endpoint.Gate switch
        {
            ApiEndpointGate.Anonymous or ApiEndpointGate.Handler => handler(call),
            ApiEndpointGate.AppRole => authorizer.RunAsync(request, endpoint.Role!, (_, ct) => handler(call with { CancellationToken = ct }), cancellationToken),
            ApiEndpointGate.Write => writeGuard.RunAsync(
                request, endpoint.Role!, endpoint.WriteOperation!.Value, call.Route(ApiRoutes.UserParameter) ?? string.Empty,
                (_, operation, ct) => handler(call with { Operation = operation, CancellationToken = ct }), cancellationToken),
            _ => throw new InvalidOperationException($"Unknown gate {endpoint.Gate}."),
        };
    }
}
