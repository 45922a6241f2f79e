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
/// Turns a write's typed answer into what the idempotency store keeps for replay: its status, media type and its value
/// serialized as the answer serializes it (a problem with the host's JSON options, a contract with its own), and its
/// audit record. Nothing is executed or captured.
/// </summary>
internal static class StoredAnswers
{
    /// <summary>The answer to store, or null when it must not be replayed (it asks for a retry, or is a 5xx) or has no value to store.</summary>
    public static StoredResponse? From(WriteAnswer answer, HttpContext http)
    {
        var operationId = answer.OperationId?.ToString();
        switch (answer.Result)
        {
            case RetryAfterResult:
                return null;
            case ProblemHttpResult problem when problem.StatusCode < 500:
                return new StoredResponse(problem.StatusCode, problem.ContentType,
                    JsonSerializer.Serialize(problem.ProblemDetails, problem.ProblemDetails.GetType(), HostOptions(http)), operationId);
            case IValueHttpResult { Value: { } value } result and IStatusCodeHttpResult status and IContentTypeHttpResult type
                when (status.StatusCode ?? StatusCodes.Status200OK) < 500:
                return new StoredResponse(status.StatusCode ?? StatusCodes.Status200OK, type.ContentType ?? "application/json; charset=utf-8",
                    JsonSerializer.Serialize(value, value.GetType(), OptionsOf(result) ?? HostOptions(http)), operationId);
            default:
                return null;
        }
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
