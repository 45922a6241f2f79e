using ImmutableId.Api.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ImmutableId.Standalone.Hardening;

/// <summary>
/// Hardened answers in the Standalone host: <see cref="HardenedHeaders"/> on every answer, no <c>Server</c> header,
/// and the framework's own errors (404, 405, 400 from binding, 413, 500) as problem+json through
/// <see cref="FrameworkProblems"/>. A request line, header bytes or a header count over the API's <see cref="RequestLimits"/> get 414/431
/// problem+json from the pipeline (Kestrel's own limits are twice those). Kestrel's 400 for a request it cannot parse,
/// and its 414/431 beyond twice the limits, are written before any middleware runs and stay as Kestrel writes them
/// (bare, but with no <c>Server</c> header).
/// </summary>
internal static class HardenedAnswers
{
    /// <summary>Kestrel without its <c>Server</c> header; problem+json for the framework's answers.</summary>
    public static WebApplicationBuilder AddHardenedAnswers(this WebApplicationBuilder builder)
    {
        var limits = RequestLimits.From(builder.Configuration);
        builder.Services.AddSingleton(limits);
        builder.Services.Configure<KestrelServerOptions>(options =>
        {
            options.AddServerHeader = false;

            // Room above the API's limits, so that the pipeline (not Kestrel) answers a request over them.
            options.Limits.MaxRequestLineSize = Math.Max(options.Limits.MaxRequestLineSize, 2 * limits.MaxRequestLineBytes);
            options.Limits.MaxRequestHeadersTotalSize = Math.Max(options.Limits.MaxRequestHeadersTotalSize, 2 * limits.MaxRequestHeadersBytes);
            options.Limits.MaxRequestHeaderCount = Math.Max(options.Limits.MaxRequestHeaderCount, 2 * limits.MaxRequestHeaderCount);
        });
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = FrameworkProblems.Customize);
        return builder;
    }

    /// <summary>First in the pipeline: the hardened headers on every answer, errors included.</summary>
    public static WebApplication UseHardenedAnswers(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<RequestLimits>();
        var problems = app.Services.GetRequiredService<IProblemDetailsService>();
        app.Use(async (context, next) =>
        {
            HardenedHeaders.Apply(context.Response);
            if (limits.Exceeded(context) is { } status)
            {
                // FrameworkProblems gives it its code (UriTooLong, HeadersTooLarge) and what to do.
                context.Response.StatusCode = status;
                await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = status } }).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        return app;
    }
}
