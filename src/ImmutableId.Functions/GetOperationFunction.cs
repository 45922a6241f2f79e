using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/operations/{id}</c> (role ImmutableId.Read).</summary>
public sealed class GetOperationFunction(ApiEndpointPipeline pipeline)
{
    [Function("GetOperation")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Operation)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        pipeline.RunAsync("GetOperation", request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
