using ImmutableId.Api.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ImmutableId.Api.Endpoints;

/// <summary>
/// One endpoint as its feature declares it (<c>ImmutableIdsApi</c>, <c>JobsApi</c>…): what the documents say about it and
/// which gate it runs behind (<see cref="Description"/>), the type its handler answers (<see cref="ResponseType"/>), and,
/// in <see cref="ApiEndpoint{THandler}"/>, the handler call.
/// </summary>
/// <param name="Description">Method, route, role, gate and OpenAPI metadata.</param>
public abstract record ApiEndpoint(ApiOperationDescription Description)
{
    /// <summary>The type of the handler the endpoint calls.</summary>
    public abstract Type HandlerType { get; }

    /// <summary>
    /// The result type its handler answers (<see cref="ApiAnswer{TResponse}"/>): its description's 2xx responses declare
    /// this type (or, for <see cref="IApiText"/>, its media type), by construction (<see cref="Answering{THandler, TResponse}"/>,
    /// <see cref="AnsweringText{THandler, TText}"/>).
    /// </summary>
    public abstract Type ResponseType { get; }

    /// <summary>
    /// An endpoint whose handler answers <see cref="ApiAnswer{TResponse}"/> as JSON: every 2xx response of the description
    /// (200, and 202 where it declares one) takes <typeparamref name="TResponse"/> from here (it must not name another
    /// type), so the documents cannot drift from the code that answers. Behind <see cref="ApiEndpointGate.Write"/> the
    /// answer goes to the write guard with its audit record.
    /// </summary>
    /// <exception cref="InvalidOperationException">The description declares no 2xx response, or one of another type.</exception>
    public static ApiEndpoint<THandler> Answering<THandler, TResponse>(
        ApiOperationDescription description,
        Func<THandler, ApiCall, Task<ApiAnswer<TResponse>>> handle)
        where THandler : class
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(handle);
        var typed = WithAnswerType(description, typeof(TResponse));
        return typed.Gate == ApiEndpointGate.Write
            ? new ApiEndpoint<THandler>(typed, typeof(TResponse), async (handler, call) => Declared(typed, await handle(handler, call).ConfigureAwait(false)).ToWriteAnswer())
            : new ApiEndpoint<THandler>(typed, typeof(TResponse), async (handler, call) => Declared(typed, await handle(handler, call).ConfigureAwait(false)).ToResult());
    }

    /// <summary>
    /// An endpoint whose handler answers text of one media type (<typeparamref name="TText"/>: a CSV export, an HTML page):
    /// the description's 200 response is documented as a string of <see cref="IApiText.MediaType"/>, taken from here.
    /// </summary>
    /// <exception cref="InvalidOperationException">The description declares no 200 response, or one with a JSON body or another media type.</exception>
    public static ApiEndpoint<THandler> AnsweringText<THandler, TText>(
        ApiOperationDescription description,
        Func<THandler, ApiCall, Task<ApiAnswer<TText>>> handle)
        where THandler : class
        where TText : class, IApiText
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(handle);
        if (description.Gate == ApiEndpointGate.Write)
        {
            throw new InvalidOperationException($"{description.OperationId}: a write answers JSON.");
        }

        var ok = description.Responses.SingleOrDefault(r => r.Status == 200)
            ?? throw new InvalidOperationException($"{description.OperationId} declares no 200 response for its {TText.MediaType} result.");
        if (ok.Body is not null || (ok.MediaType is not null && ok.MediaType != TText.MediaType))
        {
            throw new InvalidOperationException($"{description.OperationId} declares a 200 {ok.Body?.Name ?? ok.MediaType}, but its handler answers {TText.MediaType}.");
        }

        var typed = description with { Responses = [.. description.Responses.Select(r => r.Status == 200 ? r with { MediaType = TText.MediaType } : r)] };
        return new ApiEndpoint<THandler>(typed, typeof(TText), async (handler, call) => Declared(typed, await handle(handler, call).ConfigureAwait(false))
            .ToResult(static (text, status) => ApiAnswer<TText>.Text(text.Text, TText.MediaType, status)));
    }

    /// <summary><paramref name="description"/> with the body of each 2xx JSON response set to <paramref name="type"/>.</summary>
    internal static ApiOperationDescription WithAnswerType(ApiOperationDescription description, Type type)
    {
        var answers = description.Responses.Where(IsResult).ToArray();
        if (answers.Length == 0)
        {
            throw new InvalidOperationException($"{description.OperationId} declares no 2xx response for its {type.Name} result.");
        }

        if (type == typeof(ApiNoContent))
        {
            // No body: every 2xx it declares is a 204 without a schema.
            return answers.FirstOrDefault(r => r.Status != StatusCodes.Status204NoContent || r.Body is not null || r.MediaType is not null) is { } bodied
                ? throw new InvalidOperationException($"{description.OperationId} declares a {bodied.Status} {bodied.Body?.Name ?? bodied.MediaType}, but its handler answers 204 No Content.")
                : description;
        }

        if (answers.FirstOrDefault(r => r.MediaType is not null || (r.Body is not null && r.Body != type)) is { } other)
        {
            throw new InvalidOperationException($"{description.OperationId} declares a {other.Status} {other.Body?.Name ?? other.MediaType}, but its handler answers {type.Name}.");
        }

        return description with { Responses = [.. description.Responses.Select(r => IsResult(r) ? r with { Body = type } : r)] };
    }

    private static bool IsResult(ApiResponseDescription response) => response.Status is >= 200 and < 300;

    /// <summary><paramref name="answer"/>, when its status is one the description declares (a result's status is the code's choice; the documents must hold it).</summary>
    private static ApiAnswer<TResponse> Declared<TResponse>(ApiOperationDescription description, ApiAnswer<TResponse> answer)
        where TResponse : class =>
        answer.Value is null || description.Responses.Any(r => r.Status == answer.Status && IsResult(r))
            ? answer
            : throw new InvalidOperationException($"{description.OperationId} answered {answer.Status}, which it does not declare.");

    /// <summary>Maps the endpoint (gate, then handler) on <paramref name="routes"/> (the Standalone host).</summary>
    public abstract RouteHandlerBuilder MapTo(IEndpointRouteBuilder routes);
}
