using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/agent/batches</c> (role ImmutableId.Agent only): the handler authorizes and audits its refusals itself.</summary>
public sealed class PostAgentBatchFunction(ApiEndpointPipeline pipeline)
{
    [Function("PostAgentBatch")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.AgentBatches)] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunAsync("PostAgentBatch", request, ApiCall.NoRouteValues, cancellationToken);
}
