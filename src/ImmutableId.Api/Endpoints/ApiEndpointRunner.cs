using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Endpoints;

/// <summary>
/// A feature's handler behind the pipeline: what an Azure Function (and each Standalone endpoint) takes, so that no
/// handler can run without its gate. Registered for every handler type (an open generic).
/// </summary>
public sealed class ApiEndpointRunner<THandler>(ApiEndpointPipeline pipeline, THandler handler)
    where THandler : class
{
    /// <summary>Runs <paramref name="endpoint"/>'s gate, then its handler call on this runner's handler.</summary>
    public Task<IResult> RunAsync(ApiEndpoint<THandler> endpoint, HttpRequest request, IReadOnlyDictionary<string, string?> routeValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.Write is { } write
            ? pipeline.RunWriteAsync(endpoint.Description, request, routeValues, call => write(handler, call), cancellationToken)
            : pipeline.RunAsync(endpoint.Description, request, routeValues, call => endpoint.Invoke(handler, call), cancellationToken);
    }

    /// <summary>Runs an endpoint without route parameters.</summary>
    public Task<IResult> RunAsync(ApiEndpoint<THandler> endpoint, HttpRequest request, CancellationToken cancellationToken) =>
        RunAsync(endpoint, request, ApiCall.NoRouteValues, cancellationToken);
}
