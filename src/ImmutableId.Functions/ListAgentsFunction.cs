using ImmutableId.Api;
using ImmutableId.Api.Agents;
using ImmutableId.Api.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/agents</c> (role ImmutableId.Read): each on-prem agent's freshness.</summary>
public sealed class ListAgentsFunction(ApiAuthorizer authorizer, AgentsHandler handler)
{
    [Function("ListAgents")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Agents)] HttpRequest request,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Read, handler.ListAsync, cancellationToken);
}
