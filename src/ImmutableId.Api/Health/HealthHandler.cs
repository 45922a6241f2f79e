using System.Globalization;
using System.Reflection;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Http;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Health;

/// <summary>
/// <c>GET /api/health</c>: liveness, and with <c>?ready=true</c> readiness (Graph, the on-prem directory, storage,
/// probed in parallel and cached briefly). Open to anonymous callers and says nothing about the tenant or directory:
/// the version without its commit hash, a failed dependency by name with what to check. A caller whose token holds
/// <see cref="AppRoles.Read"/> also gets the commit hash and each failure's underlying error.
/// </summary>
public sealed class HealthHandler(ApiAuthorizer authorizer, ReadinessService readiness)
{
    /// <summary>The <c>code</c> of a 503 readiness answer.</summary>
    public const string NotReadyCode = "NotReady";

    private static readonly string FullVersion =
        typeof(HealthHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The version without build metadata (SemVer <c>+commit</c>): what anonymous callers see.</summary>
    public static string PublicVersion { get; } = FullVersion.Split('+')[0];

    /// <summary>Answers 200 with the status and version; with <c>?ready=true</c>, 200 Ready or a 503 NotReady problem.</summary>
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ready = request.Query["ready"].ToString();
        if (ready.Length > 0 && !bool.TryParse(ready, out _))
        {
            return ApiProblem.Create(request.HttpContext, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Invalid parameter",
                "ready must be true or false.");
        }

        var reader = await IsReadCallerAsync(request, cancellationToken).ConfigureAwait(false);
        var version = reader ? FullVersion : PublicVersion;
        if (!bool.TryParse(ready, out var wantsReadiness) || !wantsReadiness)
        {
            return Results.Json(new HealthResponse("Healthy", version), ApiJson.Options);
        }

        var report = await readiness.CheckAsync(cancellationToken).ConfigureAwait(false);
        var dependencies = report.Checks
            .Select(c => c.Value.Ready
                ? new DependencyReadiness(c.Key, "ready")
                : new DependencyReadiness(c.Key, "failed", c.Value.Check, reader ? c.Value.Error : null))
            .ToArray();
        if (report.Ready)
        {
            return Results.Json(new ReadinessResponse("Ready", version, dependencies), ApiJson.Options);
        }

        var failed = dependencies.Where(d => d.Status == "failed").ToArray();
        request.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(readiness.CacheDuration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ApiProblem.Create(request.HttpContext, StatusCodes.Status503ServiceUnavailable, NotReadyCode, "Not ready",
            $"Not ready: {string.Join(", ", failed.Select(d => d.Name))}. " + string.Join(" ", failed.Select(d => $"{d.Name}: {d.Check}")),
            new Dictionary<string, object?> { ["version"] = version, ["dependencies"] = dependencies });
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
