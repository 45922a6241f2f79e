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

    /// <summary>
    /// The 200 JSON contract of an endpoint whose handler answers typed (<see cref="ApiAnswer{TResponse}"/>): its
    /// description's 200 response declares this type, by construction (<see cref="Answering{THandler, TResponse}"/>).
    /// Null for an endpoint whose handler still answers an <see cref="Microsoft.AspNetCore.Http.IResult"/>.
    /// </summary>
    public Type? ResponseType { get; init; }

    /// <summary>
    /// An endpoint whose handler answers <see cref="ApiAnswer{TResponse}"/>: the description's 200 response takes
    /// <typeparamref name="TResponse"/> from here (it must not name another type), so the documents cannot drift from the
    /// code that answers. Behind <see cref="ApiEndpointGate.Write"/> the answer goes to the write guard with its audit record.
    /// </summary>
    /// <exception cref="InvalidOperationException">The description declares no 200 response, or a 200 of another type.</exception>
    public static ApiEndpoint<THandler> Answering<THandler, TResponse>(
        ApiOperationDescription description,
        Func<THandler, ApiCall, Task<ApiAnswer<TResponse>>> handle)
        where THandler : class
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(handle);
        var typed = WithOkType(description, typeof(TResponse));
        return typed.Gate == ApiEndpointGate.Write
            ? new ApiEndpoint<THandler>(typed, async (handler, call) => (await handle(handler, call).ConfigureAwait(false)).ToWriteAnswer()) { ResponseType = typeof(TResponse) }
            : new ApiEndpoint<THandler>(typed, async (handler, call) => (await handle(handler, call).ConfigureAwait(false)).ToResult()) { ResponseType = typeof(TResponse) };
    }

    /// <summary><paramref name="description"/> with its 200 response's body set to <paramref name="type"/>.</summary>
    internal static ApiOperationDescription WithOkType(ApiOperationDescription description, Type type)
    {
        var ok = description.Responses.SingleOrDefault(r => r.Status == 200)
            ?? throw new InvalidOperationException($"{description.OperationId} declares no 200 response for its {type.Name} result.");
        if (ok.Body is not null && ok.Body != type)
        {
            throw new InvalidOperationException($"{description.OperationId} declares a 200 {ok.Body.Name}, but its handler answers {type.Name}.");
        }

        return description with { Responses = [.. description.Responses.Select(r => r.Status == 200 ? r with { Body = type } : r)] };
    }

    /// <summary>Maps the endpoint (gate, then handler) on <paramref name="routes"/> (the Standalone host).</summary>
    public abstract RouteHandlerBuilder MapTo(IEndpointRouteBuilder routes);
}
