using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.ImmutableIds;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/users/{user}/immutable-id</c> (role ImmutableId.Read): status of one user's immutable ID.</summary>
public sealed class GetImmutableIdFunction(ApiEndpointRunner<ImmutableIdHandler> endpoint)
{
    [Function("GetImmutableId")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ImmutableIdsApi.Route)] HttpRequest request,
        string user,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(ImmutableIdsApi.Status, request, new Dictionary<string, string?> { [ApiRoutes.UserParameter] = user }, cancellationToken);
}
