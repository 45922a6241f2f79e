using ImmutableId.Api.Auth;

namespace ImmutableId.Standalone;

/// <summary>Runs the shared <see cref="ApiAuthorizer"/> before an endpoint's handler (the Functions host calls the same gate).</summary>
internal static class AppRoleEndpointFilter
{
    /// <summary>The route value that names the target user on the user endpoints.</summary>
    public const string UserRouteValue = "user";

    public static TBuilder RequireAppRole<TBuilder>(this TBuilder builder, string role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var authorizer = http.RequestServices.GetRequiredService<ApiAuthorizer>();
            var user = http.Request.RouteValues.TryGetValue(UserRouteValue, out var value) ? value as string : null;
            var decision = await authorizer.AuthorizeAsync(http, role, user, http.RequestAborted);
            return decision.Allowed ? await next(context) : decision.Denied;
        });
}
