using ImmutableId.Api.Auth;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Writes;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Endpoints;

/// <summary>
/// Runs a declared endpoint (<see cref="ApiDescription.Operations"/>) the same way in both hosts: its gate
/// (<see cref="ApiEndpointGate"/>), then its handler. The Standalone host maps every declaration onto this; each Azure
/// Function is one call to it by its function name, so neither host can serve a handler without its gate.
/// </summary>
public sealed class ApiEndpointPipeline(IServiceProvider services, ApiAuthorizer authorizer, WriteGuard writeGuard)
{
    private static readonly Dictionary<string, ApiOperationDescription> ByFunction =
        ApiDescription.Operations.ToDictionary(o => o.FunctionName, StringComparer.Ordinal);

    /// <summary>The declaration the Azure Function named <paramref name="functionName"/> serves.</summary>
    public static ApiOperationDescription ForFunction(string functionName) =>
        ByFunction.TryGetValue(functionName, out var endpoint)
            ? endpoint
            : throw new InvalidOperationException($"No endpoint is declared for the function '{functionName}' (ApiDescription.Operations).");

    /// <summary>Runs the endpoint that the Azure Function <paramref name="functionName"/> serves.</summary>
    public Task<IResult> RunAsync(string functionName, HttpRequest request, IReadOnlyDictionary<string, string?> routeValues, CancellationToken cancellationToken) =>
        RunAsync(ForFunction(functionName), request, routeValues, cancellationToken);

    /// <summary>Runs <paramref name="endpoint"/>'s gate, then its handler when the gate lets the request through.</summary>
    public Task<IResult> RunAsync(ApiOperationDescription endpoint, HttpRequest request, IReadOnlyDictionary<string, string?> routeValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(routeValues);
        var handler = endpoint.Handler ?? throw new InvalidOperationException($"The endpoint {endpoint.OperationId} has no handler.");
        var call = new ApiCall(request, routeValues, null, cancellationToken);
        return endpoint.Gate switch
        {
            ApiEndpointGate.Anonymous or ApiEndpointGate.Handler => handler(services, call),
            ApiEndpointGate.AppRole => authorizer.RunAsync(request, endpoint.Role!, (_, ct) => handler(services, call with { CancellationToken = ct }), cancellationToken),
            ApiEndpointGate.Write => writeGuard.RunAsync(
                request, endpoint.Role!, endpoint.WriteOperation!.Value, call.Route(ApiRoutes.UserParameter) ?? string.Empty,
                (_, operation, ct) => handler(services, call with { Operation = operation, CancellationToken = ct }), cancellationToken),
            _ => throw new InvalidOperationException($"Unknown gate {endpoint.Gate}."),
        };
    }
}
