using ImmutableId.Api.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ImmutableId.Api.Endpoints;

/// <summary>
/// One endpoint as its feature declares it (<c>ImmutableIdsApi</c>, <c>JobsApi</c>…): what the documents say about it and
/// which gate it runs behind (<see cref="Description"/>), and, in <see cref="ApiEndpoint{THandler}"/>, the handler call.
/// </summary>
/// <param name="Description">Method, route, role, gate and OpenAPI metadata.</param>
public abstract record ApiEndpoint(ApiOperationDescription Description)
{
    /// <summary>The type of the handler the endpoint calls.</summary>
    public abstract Type HandlerType { get; }

    /// <summary>Maps the endpoint (gate, then handler) on <paramref name="routes"/> (the Standalone host).</summary>
    public abstract RouteHandlerBuilder MapTo(IEndpointRouteBuilder routes);
}
