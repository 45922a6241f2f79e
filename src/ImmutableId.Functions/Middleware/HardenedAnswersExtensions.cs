using ImmutableId.Api.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImmutableId.Functions.Middleware;

/// <summary>Hardened answers in the Functions worker, mirroring the Standalone host's <c>HardenedAnswers</c>.</summary>
public static class HardenedAnswersExtensions
{
    /// <summary>
    /// The hardened headers on every answer, unexpected exceptions as a 500 problem with a trace id, problem+json for
    /// the framework's answers, and no <c>Server</c> header from the worker's Kestrel. Routes the worker does not know
    /// (404/405) are answered by the Functions host itself, outside the worker.
    /// </summary>
    public static IFunctionsWorkerApplicationBuilder UseHardenedAnswers(this IFunctionsWorkerApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = FrameworkProblems.Customize);

        // Outermost first: the headers are set before the error middleware may write its problem.
        builder.UseMiddleware<HardenedHeadersMiddleware>();
        builder.UseMiddleware<UnexpectedErrorMiddleware>();
        return builder;
    }
}
