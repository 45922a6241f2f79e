using System.Text;
using ImmutableId.Core.Idempotency;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Writes;

/// <summary>Sends a stored answer (the first time or as a replay): status, Content-Type, body and the operation id header.</summary>
internal sealed class StoredResponseResult(StoredResponse response, bool replayed) : IResult
{
    public StoredResponse Response => response;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var http = httpContext.Response;
        http.StatusCode = response.StatusCode;
        if (response.OperationId is not null)
        {
            http.Headers[WriteGuard.OperationIdHeader] = response.OperationId;
        }

        if (replayed)
        {
            http.Headers[WriteGuard.ReplayedHeader] = "true";
        }

        if (response.Body is not null)
        {
            http.ContentType = response.ContentType;
            var bytes = Encoding.UTF8.GetBytes(response.Body);
            http.ContentLength = bytes.Length;
            await http.Body.WriteAsync(bytes, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
