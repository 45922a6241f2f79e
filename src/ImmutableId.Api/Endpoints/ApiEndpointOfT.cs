using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Writes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace ImmutableId.Api.Endpoints;

/// <summary>
/// An endpoint whose handler is a <typeparamref name="THandler"/> answering typed (<see cref="ApiAnswer{TResponse}"/>):
/// declared only through <see cref="ApiEndpoint.Answering{THandler, TResponse}"/> or
/// <see cref="ApiEndpoint.AnsweringText{THandler, TText}"/>, so its documented answers come from the type it answers.
/// </summary>
public sealed record ApiEndpoint<THandler> : ApiEndpoint
    where THandler : class
{
    /// <summary>An endpoint that is not a write: its typed answer, turned into HTTP.</summary>
    internal ApiEndpoint(ApiOperationDescription description, Type responseType, Func<THandler, ApiCall, Task<IResult>> invoke)
        : base(description)
    {
        ResponseType = responseType;
        Invoke = invoke;
    }

    /// <summary>A write (behind <see cref="ApiEndpointGate.Write"/>): its typed answer, for the write guard.</summary>
    internal ApiEndpoint(ApiOperationDescription description, Type responseType, Func<THandler, ApiCall, Task<WriteAnswer>> write)
        : this(description, responseType, async (handler, call) => (await write(handler, call).ConfigureAwait(false)).Result)
    {
        Write = write;
    }

    /// <inheritdoc />
    public override Type ResponseType { get; }

    /// <summary>Calls the handler once the gate let the request through.</summary>
    internal Func<THandler, ApiCall, Task<IResult>> Invoke { get; }

    /// <summary>For a write, the handler call the write guard runs; null otherwise.</summary>
    internal Func<THandler, ApiCall, Task<WriteAnswer>>? Write { get; }

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
