using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.OpenApi;
using Microsoft.Extensions.Options;

namespace ImmutableId.Standalone;

/// <summary>Maps every declared endpoint (<see cref="ApiDescription.Endpoints"/>) on the routes the Functions host serves.</summary>
internal static class ApiEndpointRouteBuilderExtensions
{
    public static WebApplication MapImmutableIdApi(this WebApplication app)
    {
        // Unexpected exceptions become a bare problem (no stack trace); bad input never reaches here.
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Each endpoint runs its gate (auth, write guard, or none) and its handler, as the Azure Functions do.
        var api = app.MapGroup("/" + ApiRoutes.Prefix);
        foreach (var endpoint in ApiDescription.Endpoints)
        {
            endpoint.MapTo(api);
        }

        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Sandbox)
        {
            app.MapPost(ApiRoutes.SandboxToken, (HttpRequest request, SandboxTokenHandler handler, CancellationToken ct) => handler.HandleAsync(request, ct));
        }

        return app;
    }
}
