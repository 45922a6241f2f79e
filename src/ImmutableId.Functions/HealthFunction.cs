using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/health</c>.</summary>
public sealed class HealthFunction(ApiEndpointPipeline pipeline)
{
    [Function("Health")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunAsync("Health", request, ApiCall.NoRouteValues, cancellationToken);
}
