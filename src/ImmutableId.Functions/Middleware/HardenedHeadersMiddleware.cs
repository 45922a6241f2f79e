using ImmutableId.Api.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ImmutableId.Functions.Middleware;

/// <summary>The hardened headers (<see cref="HardenedHeaders"/>) on every HTTP answer of the worker, errors included.</summary>
internal sealed class HardenedHeadersMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } http)
        {
            HardenedHeaders.Apply(http.Response);
        }

        return next(context);
    }
}
