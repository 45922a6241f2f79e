using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/users/{user}/immutable-id/sync</c> (role ImmutableId.Write): Cloud Sync provision on demand.</summary>
public sealed class SyncImmutableIdFunction(ApiAuthorizer authorizer, SyncHandler handler)
{
    [Function("SyncImmutableId")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.UserSync)] HttpRequest request,
        string user,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Write, (r, ct) => handler.PostAsync(r, user, ct), cancellationToken);
}
