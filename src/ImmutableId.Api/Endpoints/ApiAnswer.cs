using System.Text;
using ImmutableId.Api.Http;
using ImmutableId.Api.Writes;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Endpoints;

/// <summary>
/// A handler's typed answer: its result (<typeparamref name="TResponse"/>, the type the OpenAPI documents declare for the
/// endpoint's 2xx answers, taken from the endpoint: <see cref="ApiEndpoint.Answering{THandler, TResponse}"/>) with its
/// status (200, or 202 <see cref="Accepted"/>) and headers, or the problem it answers instead; for a write, the audit
/// record it belongs to.
/// </summary>
/// <typeparam name="TResponse">The 2xx contract: JSON, or text of one media type (<see cref="IApiText"/>).</typeparam>
public sealed class ApiAnswer<TResponse>
    where TResponse : class
{
    private ApiAnswer(TResponse? value, IResult? problem, Guid? operationId, int status, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        Value = value;
        Problem = problem;
        OperationId = operationId;
        Status = status;
        Headers = headers;
    }

    /// <summary>The result, or null when the answer is <see cref="Problem"/>.</summary>
    public TResponse? Value { get; }

    /// <summary>The problem answered instead of a result (a refusal, invalid input, a retry), or null.</summary>
    public IResult? Problem { get; }

    /// <summary>The audit record the answer belongs to (a write's operation), or null.</summary>
    public Guid? OperationId { get; }

    /// <summary>The result's status: 200, or 202 (<see cref="Accepted"/>); the problem's own otherwise.</summary>
    public int Status { get; }

    /// <summary>Headers the result carries (<c>Location</c>, <c>Retry-After</c>…), set in this order before its body.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The 200 result <paramref name="value"/>.</summary>
    public static ApiAnswer<TResponse> Ok(TResponse value, Guid? operationId = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, null, operationId, StatusCodes.Status200OK, []);
    }

    /// <summary>
    /// The 202 result <paramref name="value"/>: accepted, still running; <c>Location</c> says where to follow it and
    /// <c>Retry-After</c> (when given) how long to wait before asking.
    /// </summary>
    public static ApiAnswer<TResponse> Accepted(TResponse value, string location, int? retryAfterSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrEmpty(location);
        List<KeyValuePair<string, string>> headers = [new("Location", location)];
        if (retryAfterSeconds is { } seconds)
        {
            headers.Add(new("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new(value, null, null, StatusCodes.Status202Accepted, headers);
    }

    /// <summary>The 201 result <paramref name="value"/>: created, at <paramref name="location"/> (its <c>Location</c>).</summary>
    public static ApiAnswer<TResponse> Created(TResponse value, string location)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrEmpty(location);
        return new(value, null, null, StatusCodes.Status201Created, [new("Location", location)]);
    }

    /// <summary>The 204 answer (no body) of an endpoint whose result is <see cref="ApiNoContent"/>.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="TResponse"/> is not <see cref="ApiNoContent"/>.</exception>
    public static ApiAnswer<TResponse> NoContent() =>
        ApiNoContent.Instance is TResponse none
            ? new(none, null, null, StatusCodes.Status204NoContent, [])
            : throw new InvalidOperationException($"Only an endpoint answering {nameof(ApiNoContent)} answers 204; this one answers {typeof(TResponse).Name}.");

    /// <summary>The problem <paramref name="problem"/> instead of a result.</summary>
    public static ApiAnswer<TResponse> Refused(IResult problem, Guid? operationId = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new(null, problem, operationId, 0, []);
    }

    /// <summary>This result with the header <paramref name="name"/> added (after the ones it has).</summary>
    /// <exception cref="InvalidOperationException">The answer is a problem: a problem's headers are its own.</exception>
    public ApiAnswer<TResponse> WithHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (Value is null)
        {
            throw new InvalidOperationException("A problem carries its own headers.");
        }

        return new(Value, null, OperationId, Status, [.. Headers, new(name, value)]);
    }

    /// <summary>A 200 result.</summary>
    public static implicit operator ApiAnswer<TResponse>(TResponse value) => Ok(value);

    /// <summary>
    /// The HTTP answer: the result as JSON (<see cref="ApiJson.Options"/>) or the problem; with <c>X-Operation-Id</c> when
    /// it belongs to an audit record (behind the write guard the guard sends that header: <see cref="ToWriteAnswer"/>).
    /// </summary>
    public IResult ToResult() => ToResult(Json);

    /// <summary>The answer for the write guard (<see cref="WriteGuard"/>), with its audit record.</summary>
    public WriteAnswer ToWriteAnswer() => new(Body(Json), OperationId);

    /// <summary>The HTTP answer with the result written by <paramref name="body"/> (its value and status).</summary>
    internal IResult ToResult(Func<TResponse, int, IResult> body)
    {
        var result = Body(body);
        return OperationId is null ? result : new WriteAnswerResult(new WriteAnswer(result, OperationId));
    }

    /// <summary>The result as text of <paramref name="mediaType"/> (UTF-8).</summary>
    internal static IResult Text(string text, string mediaType, int status) =>
        Results.Text(text, mediaType + "; charset=utf-8", Encoding.UTF8, status);

    private static IResult Json(TResponse value, int status) =>
        value is ApiNoContent
            ? Results.NoContent()
            : Results.Json(value, ApiJson.Options, statusCode: status == StatusCodes.Status200OK ? null : status);

    private IResult Body(Func<TResponse, int, IResult> body)
    {
        if (Value is null)
        {
            return Problem!;
        }

        var result = body(Value, Status);
        return Headers.Count == 0 ? result : new WithHeaders(result, Headers);
    }

    /// <summary>A result with headers set before it runs.</summary>
    private sealed class WithHeaders(IResult inner, IReadOnlyList<KeyValuePair<string, string>> headers) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            foreach (var (name, value) in headers)
            {
                httpContext.Response.Headers[name] = value;
            }

            return inner.ExecuteAsync(httpContext);
        }
    }
}
