using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Agents;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/agents</c> (role ImmutableId.Read): each on-prem agent's freshness.</summary>
public sealed class ListAgentsFunction(ApiEndpointRunner<AgentsHandler> endpoint)
{
    [Function("ListAgents")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AgentsApi.Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(AgentsApi.List, request, cancellationToken);
}
