using System.Reflection;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
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

    /// <summary>Answers 200 with the status and version; with <paramref name="ready"/>, 200 Ready or a 503 NotReady problem.</summary>
    /// <param name="ready">True for readiness (<c>?ready=true</c>): probe the dependencies.</param>
    /// <param name="request">The request: its optional token (a reader sees more) and its problem details.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<HealthAnswer>> HandleAsync(bool ready, HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reader = await IsReadCallerAsync(request, cancellationToken).ConfigureAwait(false);
        var version = reader ? FullVersion : PublicVersion;
        if (!ready)
        {
            return new HealthResponse("Healthy", version);
        }

        var report = await readiness.CheckAsync(cancellationToken).ConfigureAwait(false);
        var dependencies = report.Checks
            .Select(c => c.Value.Ready
                ? new DependencyReadiness(c.Key, "ready")
                : new DependencyReadiness(c.Key, "failed", c.Value.Check, reader ? c.Value.Error : null))
            .ToArray();
        if (report.Ready)
        {
            return new ReadinessResponse("Ready", version, dependencies);
        }

        var failed = dependencies.Where(d => d.Status == "failed").ToArray();
        return ApiAnswer<HealthAnswer>.Refused(new RetryAfterResult(ApiProblem.Create(request.HttpContext, StatusCodes.Status503ServiceUnavailable, NotReadyCode, "Not ready",
            $"Not ready: {string.Join(", ", failed.Select(d => d.Name))}. " + string.Join(" ", failed.Select(d => $"{d.Name}: {d.Check}")),
            new Dictionary<string, object?> { ["version"] = version, ["dependencies"] = dependencies }), Math.Max(1, (int)Math.Ceiling(readiness.CacheDuration.TotalSeconds))));
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
