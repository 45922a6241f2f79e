using ImmutableId.Api.Http;
using ImmutableId.Api.Writes;
using ImmutableId.Core.HardMatch;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Tests.Writes;

/// <summary>
/// Stands in for the set handler behind <c>WriteGuard</c>: counts its runs, answers a configurable status, can hold
/// a request in flight, and announces the operation id like the real handler does.
/// </summary>
internal sealed class FakeWrite
{
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    /// <summary>The status the next answers carry (a 503 or a Retry-After answer is not replayed).</summary>
    public int Status { get; set; } = 200;

    /// <summary>When set, the answer carries Retry-After (as UserBusy does).</summary>
    public bool RetryAfter { get; set; }

    /// <summary>When set, the handler waits for it (to hold a request "in flight").</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>The bodies the handler was handed.</summary>
    public List<RequestBody> Bodies { get; } = [];

    /// <summary>The contexts the handler ran under.</summary>
    public List<OperationContext> Contexts { get; } = [];

    public Func<HttpRequest, OperationContext, RequestBody, CancellationToken, Task<WriteAnswer>> Handler => async (request, operation, body, ct) =>
    {
        Interlocked.Increment(ref _runs);
        lock (Contexts)
        {
            Contexts.Add(operation);
            Bodies.Add(body);
        }

        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(ct);
        }

        IResult answer = Results.Json(new { outcome = Status == 200 ? "succeeded" : "failed", run = Runs }, statusCode: Status);
        return new WriteAnswer(RetryAfter ? new RetryAfterResult(answer, 5) : answer, operation.OperationId);
    };
}
