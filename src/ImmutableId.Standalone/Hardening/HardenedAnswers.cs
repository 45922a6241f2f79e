using ImmutableId.Api.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ImmutableId.Standalone.Hardening;

/// <summary>
/// Hardened answers in the Standalone host: <see cref="HardenedHeaders"/> on every answer, no <c>Server</c> header,
/// and the framework's own errors (404, 405, 400 from binding, 413, 500) as problem+json through
/// <see cref="FrameworkProblems"/>. Kestrel's 400/414/431 for a request it cannot parse are written before any
/// middleware runs and stay as Kestrel writes them (bare, but with no <c>Server</c> header).
/// </summary>
internal static class HardenedAnswers
{
    /// <summary>Kestrel without its <c>Server</c> header; problem+json for the framework's answers.</summary>
    public static WebApplicationBuilder AddHardenedAnswers(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = FrameworkProblems.Customize);
        return builder;
    }

    /// <summary>First in the pipeline: the hardened headers on every answer, errors included.</summary>
    public static WebApplication UseHardenedAnswers(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            HardenedHeaders.Apply(context.Response);
            return next(context);
        });
        return app;
    }
}
