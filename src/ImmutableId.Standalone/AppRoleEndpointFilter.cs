using ImmutableId.Api.Auth;

namespace ImmutableId.Standalone;

/// <summary>Runs the shared <see cref="ApiAuthorizer"/> before an endpoint's handler (the Functions host calls the same gate).</summary>
internal static class AppRoleEndpointFilter
{
    public static TBuilder RequireAppRole<TBuilder>(this TBuilder builder, string role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var authorizer = http.RequestServices.GetRequiredService<ApiAuthorizer>();
            var decision = await authorizer.AuthorizeAsync(http, role, http.RequestAborted);
            return decision.Allowed ? await next(context) : decision.Denied;
        });
}
