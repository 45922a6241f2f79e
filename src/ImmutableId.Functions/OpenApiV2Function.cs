using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/openapi/v2.json</c> (anonymous).</summary>
public sealed class OpenApiV2Function(ApiEndpointPipeline pipeline)
{
    [Function("OpenApiV2")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.OpenApiV2)] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunAsync("OpenApiV2", request, ApiCall.NoRouteValues, cancellationToken);
}
