using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/health</c>.</summary>
public sealed class HealthFunction(ApiEndpointRunner<HealthHandler> endpoint)
{
    [Function("Health")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HealthApi.Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(HealthApi.Health, request, cancellationToken);
}
