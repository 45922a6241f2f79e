using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/users/{user}/immutable-id/sync</c> (role ImmutableId.Write): Cloud Sync provision on demand.</summary>
public sealed class SyncImmutableIdFunction(ApiEndpointRunner<SyncHandler> endpoint)
{
    [Function("SyncImmutableId")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SyncApi.Route)] HttpRequest request,
        string user,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(SyncApi.Provision, request, new Dictionary<string, string?> { [ApiRoutes.UserParameter] = user }, cancellationToken);
}
