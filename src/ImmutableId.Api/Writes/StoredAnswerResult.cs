using System.Text;
using ImmutableId.Core.Idempotency;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Writes;

/// <summary>Sends a stored answer (the first time or as a replay): its status and media type (<see cref="StoredAnswers.HttpOf"/>), body and the operation id header.</summary>
internal sealed class StoredAnswerResult(IdempotentAnswer answer, bool replayed) : IResult
{
    public IdempotentAnswer Answer => answer;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var http = httpContext.Response;
        var (status, contentType) = StoredAnswers.HttpOf(answer);
        http.StatusCode = status;
        if (answer.OperationId is not null)
        {
            http.Headers[WriteGuard.OperationIdHeader] = answer.OperationId;
        }

        if (replayed)
        {
            http.Headers[WriteGuard.ReplayedHeader] = "true";
        }

        http.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(answer.Payload);
        http.ContentLength = bytes.Length;
        await http.Body.WriteAsync(bytes, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
