using ImmutableId.Api;
using ImmutableId.Api.Convert;
using ImmutableId.Api.Health;
using ImmutableId.Api.ImmutableIds;
using Microsoft.AspNetCore.Mvc;

namespace ImmutableId.Standalone;

/// <summary>Maps the API's handlers on the same routes the Functions host serves.</summary>
internal static class ApiEndpointRouteBuilderExtensions
{
    public static WebApplication MapImmutableIdApi(this WebApplication app)
    {
        // Unexpected exceptions become a bare problem (no stack trace); bad input never reaches here.
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        var api = app.MapGroup("/" + ApiRoutes.Prefix);
        api.MapPost(ApiRoutes.Convert, (HttpRequest request, ConvertHandler handler, CancellationToken ct) => handler.HandleAsync(request, ct));
        api.MapGet(ApiRoutes.Health, (HttpRequest request, HealthHandler handler, CancellationToken ct) => handler.HandleAsync(request, ct));
        api.MapGet(ApiRoutes.UserImmutableId, (HttpRequest request, string user, [FromServices] ImmutableIdHandler handler, CancellationToken ct) => handler.GetAsync(request, user, ct));
        api.MapPut(ApiRoutes.UserImmutableId, (HttpRequest request, string user, [FromServices] ImmutableIdHandler handler, CancellationToken ct) => handler.PutAsync(request, user, ct));
        api.MapDelete(ApiRoutes.UserImmutableId, (HttpRequest request, string user, [FromServices] ImmutableIdHandler handler, CancellationToken ct) => handler.DeleteAsync(request, user, ct));
        return app;
    }
}
