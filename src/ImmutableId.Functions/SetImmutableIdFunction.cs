using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.ImmutableIds;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary>
/// <c>PUT /api/users/{user}/immutable-id</c> (role ImmutableId.Write): hard match, write the on-prem anchor as the
/// user's immutable ID — behind the write guard.
/// </summary>
public sealed class SetImmutableIdFunction(ApiEndpointRunner<ImmutableIdHandler> endpoint)
{
    [Function("SetImmutableId")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ImmutableIdsApi.Route)] HttpRequest request,
        string user,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(ImmutableIdsApi.Set, request, new Dictionary<string, string?> { [ApiRoutes.UserParameter] = user }, cancellationToken);
}
