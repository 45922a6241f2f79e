using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.ImmutableIds;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary>
/// <c>DELETE /api/users/{user}/immutable-id</c> (role ImmutableId.Clear): clear the user's immutable ID (explicit
/// null) — behind the write guard.
/// </summary>
public sealed class ClearImmutableIdFunction(ApiEndpointRunner<ImmutableIdHandler> endpoint)
{
    [Function("ClearImmutableId")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ImmutableIdsApi.Route)] HttpRequest request,
        string user,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(ImmutableIdsApi.Clear, request, new Dictionary<string, string?> { [ApiRoutes.UserParameter] = user }, cancellationToken);
}
