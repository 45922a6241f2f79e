using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Writes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace ImmutableId.Api.Endpoints;

/// <summary>An endpoint whose handler is a <typeparamref name="THandler"/>: <see cref="Invoke"/> calls it with the request's values.</summary>
/// <param name="Description">Method, route, role, gate and OpenAPI metadata.</param>
/// <param name="Invoke">Calls the handler once the gate let the request through.</param>
public sealed record ApiEndpoint<THandler>(ApiOperationDescription Description, Func<THandler, ApiCall, Task<IResult>> Invoke)
    : ApiEndpoint(Description)
    where THandler : class
{
    /// <summary>A write (behind <see cref="ApiEndpointGate.Write"/>): its handler answers a <see cref="WriteAnswer"/> for the write guard.</summary>
    public ApiEndpoint(ApiOperationDescription description, Func<THandler, ApiCall, Task<WriteAnswer>> write)
        : this(description, async (handler, call) => (await write(handler, call).ConfigureAwait(false)).Result)
    {
        Write = write;
    }

    /// <summary>For a write, the handler call the write guard runs; null otherwise.</summary>
    public Func<THandler, ApiCall, Task<WriteAnswer>>? Write { get; }

    /// <inheritdoc />
    public override Type HandlerType => typeof(THandler);

    /// <inheritdoc />
    public override RouteHandlerBuilder MapTo(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return routes.MapMethods(Description.Route, [Description.Method],
                (HttpContext http, [FromServices] ApiEndpointRunner<THandler> runner) =>
                    runner.RunAsync(this, http.Request, RouteValuesOf(http), http.RequestAborted))
            .WithName(Description.OperationId);
    }

    private static Dictionary<string, string?> RouteValuesOf(HttpContext http) =>
        http.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value?.ToString(), StringComparer.Ordinal);
}
