using ImmutableId.Api.Http;
using ImmutableId.Api.Writes;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Endpoints;

/// <summary>
/// A handler's typed answer: its 200 result (<typeparamref name="TResponse"/>, the type the OpenAPI documents declare for
/// 200, taken from the endpoint: <see cref="ApiEndpoint.Answering{THandler, TResponse}"/>) or the problem it answers
/// instead; for a write, the audit record it belongs to.
/// </summary>
/// <typeparam name="TResponse">The 200 JSON contract.</typeparam>
public sealed class ApiAnswer<TResponse>
    where TResponse : class
{
    private ApiAnswer(TResponse? value, IResult? problem, Guid? operationId)
    {
        Value = value;
        Problem = problem;
        OperationId = operationId;
    }

    /// <summary>The 200 result, or null when the answer is <see cref="Problem"/>.</summary>
    public TResponse? Value { get; }

    /// <summary>The problem answered instead of a result (a refusal, invalid input, a retry), or null.</summary>
    public IResult? Problem { get; }

    /// <summary>The audit record the answer belongs to (a write's operation), or null.</summary>
    public Guid? OperationId { get; }

    /// <summary>The 200 result <paramref name="value"/>.</summary>
    public static ApiAnswer<TResponse> Ok(TResponse value, Guid? operationId = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, null, operationId);
    }

    /// <summary>The problem <paramref name="problem"/> instead of a result.</summary>
    public static ApiAnswer<TResponse> Refused(IResult problem, Guid? operationId = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new(null, problem, operationId);
    }

    /// <summary>A 200 result.</summary>
    public static implicit operator ApiAnswer<TResponse>(TResponse value) => Ok(value);

    /// <summary>
    /// The HTTP answer: the result as JSON (<see cref="ApiJson.Options"/>) or the problem; with <c>X-Operation-Id</c> when
    /// it belongs to an audit record (behind the write guard the guard sends that header: <see cref="ToWriteAnswer"/>).
    /// </summary>
    public IResult ToResult()
    {
        var result = Value is not null ? Results.Json(Value, ApiJson.Options) : Problem!;
        return OperationId is null ? result : new WriteAnswerResult(new WriteAnswer(result, OperationId));
    }

    /// <summary>The answer for the write guard (<see cref="WriteGuard"/>), with its audit record.</summary>
    public WriteAnswer ToWriteAnswer() => new(Value is not null ? Results.Json(Value, ApiJson.Options) : Problem!, OperationId);
}
