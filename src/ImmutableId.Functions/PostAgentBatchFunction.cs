using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Agents;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/agent/batches</c> (role ImmutableId.Agent only): the handler authorizes and audits its refusals itself.</summary>
public sealed class PostAgentBatchFunction(ApiEndpointRunner<AgentBatchHandler> endpoint)
{
    [Function("PostAgentBatch")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = AgentsApi.BatchesRoute)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(AgentsApi.PostBatch, request, cancellationToken);
}
