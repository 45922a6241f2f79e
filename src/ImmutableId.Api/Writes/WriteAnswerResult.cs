using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Writes;

/// <summary>Sends a write's answer as it is, with the <c>X-Operation-Id</c> of its audit record when it has one.</summary>
internal sealed class WriteAnswerResult(WriteAnswer answer) : IResult
{
    public WriteAnswer Answer => answer;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (answer.OperationId is { } operationId)
        {
            httpContext.Response.Headers[WriteGuard.OperationIdHeader] = operationId.ToString();
        }

        return answer.Result.ExecuteAsync(httpContext);
    }
}
