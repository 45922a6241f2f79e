using System.Text.Json;
using ImmutableId.Api.Http;
using ImmutableId.Core.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ImmutableId.Api.Writes;

/// <summary>
/// The one place where a write's typed answer becomes what the idempotency store keeps (<see cref="IdempotentAnswer"/>:
/// its kind, its value serialized as the answer serializes it, its audit record) and where a kept answer becomes HTTP
/// again: <see cref="IdempotentAnswer.Result"/> is the write's 200 JSON result, <see cref="IdempotentAnswer.Problem"/>
/// a problem whose status is its own <c>status</c> member (RFC 9457). Nothing is executed or captured.
/// </summary>
internal static class StoredAnswers
{
    /// <summary>The media type of a write's result (what <see cref="JsonHttpResult{TValue}"/> sends by default).</summary>
    public const string ResultContentType = "application/json; charset=utf-8";

    /// <summary>The media type of a problem.</summary>
    public const string ProblemContentType = "application/problem+json";

    /// <summary>The answer to store, or null when it must not be replayed (it asks for a retry, or is a 5xx) or has no value to store.</summary>
    public static IdempotentAnswer? From(WriteAnswer answer, HttpContext http)
    {
        var operationId = answer.OperationId?.ToString();
        switch (answer.Result)
        {
            case RetryAfterResult:
                return null;
            case ProblemHttpResult problem when problem.StatusCode < 500:
                return new IdempotentAnswer(IdempotentAnswer.Problem,
                    JsonSerializer.Serialize(problem.ProblemDetails, problem.ProblemDetails.GetType(), HostOptions(http)), operationId);
            case IValueHttpResult { Value: { } value } result and IStatusCodeHttpResult status
                when (status.StatusCode ?? StatusCodes.Status200OK) == StatusCodes.Status200OK:
                return new IdempotentAnswer(IdempotentAnswer.Result,
                    JsonSerializer.Serialize(value, value.GetType(), OptionsOf(result) ?? HostOptions(http)), operationId);
            default:
                return null;
        }
    }

    /// <summary>The HTTP status and media type <paramref name="answer"/> is sent with.</summary>
    /// <exception cref="InvalidOperationException">The kind is not one this API stores.</exception>
    public static (int Status, string ContentType) HttpOf(IdempotentAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Kind switch
        {
            IdempotentAnswer.Result => (StatusCodes.Status200OK, ResultContentType),
            IdempotentAnswer.Problem => (ProblemStatus(answer.Payload), ProblemContentType),
            _ => throw new InvalidOperationException($"A stored answer of unknown kind '{answer.Kind}'."),
        };
    }

    private static int ProblemStatus(string payload)
    {
        using var problem = JsonDocument.Parse(payload);
        return problem.RootElement.TryGetProperty("status", out var status) && status.TryGetInt32(out var code)
            ? code
            : throw new InvalidOperationException("A stored problem without its status.");
    }

    /// <summary>The options a <see cref="JsonHttpResult{TValue}"/> was given (null: it serializes with the host's).</summary>
    private static JsonSerializerOptions? OptionsOf(IValueHttpResult result) =>
        result.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(JsonHttpResult<>)
            ? (JsonSerializerOptions?)type.GetProperty(nameof(JsonHttpResult<object>.JsonSerializerOptions))!.GetValue(result)
            : null;

    /// <summary>The options the host writes results and problems with.</summary>
    private static JsonSerializerOptions HostOptions(HttpContext http) =>
        http.RequestServices?.GetService<IOptions<HttpJsonOptions>>()?.Value.SerializerOptions ?? new HttpJsonOptions().SerializerOptions;
}
