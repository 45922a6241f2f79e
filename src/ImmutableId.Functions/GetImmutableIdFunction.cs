using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.ImmutableIds;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/users/{user}/immutable-id</c> (role ImmutableId.Read): status of one user's immutable ID.</summary>
public sealed class GetImmutableIdFunction(ApiAuthorizer authorizer, ImmutableIdHandler handler)
{
    [Function("GetImmutableId")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.UserImmutableId)] HttpRequest request,
        string user,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Read, (r, ct) => handler.GetAsync(r, user, ct), cancellationToken);
}
