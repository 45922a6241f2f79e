using ImmutableId.Api;
using ImmutableId.Api.Agents;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/agent/batches</c> (role ImmutableId.Agent only): the handler authorizes and audits its refusals.</summary>
public sealed class PostAgentBatchFunction(AgentBatchHandler handler)
{
    [Function("PostAgentBatch")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.AgentBatches)] HttpRequest request,
        CancellationToken cancellationToken) =>
        handler.PostAsync(request, cancellationToken);
}
