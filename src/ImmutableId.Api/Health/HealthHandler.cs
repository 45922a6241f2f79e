using System.Reflection;
using ImmutableId.Api.Http;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Health;

/// <summary><c>GET /api/health</c>: liveness. Open to anonymous callers; says nothing about the tenant or directory.</summary>
public sealed class HealthHandler
{
    private static readonly string Version =
        typeof(HealthHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Answers 200 with the status and version.</summary>
    public Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Results.Json(new HealthResponse("Healthy", Version), ApiJson.Options));
    }
}
