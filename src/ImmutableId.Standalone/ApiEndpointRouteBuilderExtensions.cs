using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.OpenApi;
using Microsoft.Extensions.Options;

namespace ImmutableId.Standalone;

/// <summary>Maps every declared endpoint (<see cref="ApiDescription.Operations"/>) on the routes the Functions host serves.</summary>
internal static class ApiEndpointRouteBuilderExtensions
{
    public static WebApplication MapImmutableIdApi(this WebApplication app)
    {
        // Unexpected exceptions become a bare problem (no stack trace); bad input never reaches here.
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Each endpoint runs its gate (auth, write guard, or none) and its handler through the pipeline the Azure Functions call.
        var pipeline = app.Services.GetRequiredService<ApiEndpointPipeline>();
        var api = app.MapGroup("/" + ApiRoutes.Prefix);
        foreach (var endpoint in ApiDescription.Operations)
        {
            Func<HttpContext, Task<IResult>> run = http => pipeline.RunAsync(endpoint, http.Request, RouteValuesOf(http), http.RequestAborted);
            api.MapMethods(endpoint.Route, [endpoint.Method], run)
                .WithName(endpoint.OperationId);
        }

        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Sandbox)
        {
            app.MapPost(ApiRoutes.SandboxToken, (HttpRequest request, SandboxTokenHandler handler, CancellationToken ct) => handler.HandleAsync(request, ct));
        }

        return app;
    }

    private static Dictionary<string, string?> RouteValuesOf(HttpContext http) =>
        http.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value?.ToString(), StringComparer.Ordinal);
}
