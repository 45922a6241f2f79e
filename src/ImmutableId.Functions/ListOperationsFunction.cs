using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/operations</c> (role ImmutableId.Read).</summary>
public sealed class ListOperationsFunction(ApiEndpointPipeline pipeline)
{
    [Function("ListOperations")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Operations)] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunAsync("ListOperations", request, ApiCall.NoRouteValues, cancellationToken);
}
