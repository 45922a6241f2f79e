using System.Diagnostics;
using ImmutableId.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Functions.Middleware;

/// <summary>
/// An exception no handler expected becomes a 500 problem+json whose only clue is the trace id (the exception is
/// logged with it, never sent). Bad input never gets here: handlers answer it as a 4xx problem.
/// </summary>
internal sealed partial class UnexpectedErrorMiddleware(ILogger<UnexpectedErrorMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.GetHttpContext() is { } http && !http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            var (code, detail) = FrameworkProblems.ByStatus[StatusCodes.Status500InternalServerError];
            var problem = ApiProblem.Create(http, StatusCodes.Status500InternalServerError, code, "Unexpected error", detail);
            LogUnexpected(logger, context.FunctionDefinition?.Name ?? "?", Activity.Current?.Id ?? http.TraceIdentifier, ex);
            http.Response.Clear();
            HardenedHeaders.Apply(http.Response);
            await problem.ExecuteAsync(http).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1900, Level = LogLevel.Error, Message = "Function {Function} failed unexpectedly (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, string function, string traceId, Exception exception);
}
