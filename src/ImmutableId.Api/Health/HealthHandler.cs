using System.Reflection;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Http;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Health;

/// <summary>
/// <c>GET /api/health</c>: liveness. Open to anonymous callers; says nothing about the tenant or directory. The version
/// is shown without its commit hash unless the caller sends a token with <see cref="AppRoles.Read"/>.
/// </summary>
public sealed class HealthHandler(ApiAuthorizer authorizer)
{
    private static readonly string FullVersion =
        typeof(HealthHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The version without build metadata (SemVer <c>+commit</c>): what anonymous callers see.</summary>
    public static string PublicVersion { get; } = FullVersion.Split('+')[0];

    /// <summary>Answers 200 with the status and version.</summary>
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = await IsReadCallerAsync(request, cancellationToken).ConfigureAwait(false) ? FullVersion : PublicVersion;
        return Results.Json(new HealthResponse("Healthy", version), ApiJson.Options);
    }

    /// <summary>A token is optional here: an absent or refused one just gets the anonymous answer.</summary>
    private async Task<bool> IsReadCallerAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var decision = await authorizer.AuthorizeAsync(request.HttpContext, AppRoles.Read, cancellationToken: cancellationToken).ConfigureAwait(false);
        return decision.Allowed;
    }
}
