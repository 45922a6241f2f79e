namespace ImmutableId.Api.Endpoints;

/// <summary>
/// The result of an endpoint that answers <c>204 No Content</c> (e.g. an unsubscribe): no body, so its 2xx responses are
/// documented without a schema (<see cref="ApiEndpoint.Answering{THandler, TResponse}"/>); answer it with
/// <see cref="ApiAnswer{TResponse}.NoContent"/>.
/// </summary>
public sealed class ApiNoContent
{
    private ApiNoContent()
    {
    }

    /// <summary>The one value.</summary>
    public static ApiNoContent Instance { get; } = new();
}
