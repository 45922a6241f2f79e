using ImmutableId.Api;
using ImmutableId.Api.ImmutableIds;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/users/{user}/immutable-id</c>: Status of one user's immutable ID.</summary>
public sealed class GetImmutableIdFunction(ImmutableIdHandler handler)
{
    [Function("GetImmutableId")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.UserImmutableId)] HttpRequest request,
        string user,
        CancellationToken cancellationToken) =>
        handler.GetAsync(request, user, cancellationToken);
}
