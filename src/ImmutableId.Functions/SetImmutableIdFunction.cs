using ImmutableId.Api;
using ImmutableId.Api.ImmutableIds;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>PUT /api/users/{user}/immutable-id</c>: Hard match: write the on-prem anchor as the user's immutable ID.</summary>
public sealed class SetImmutableIdFunction(ImmutableIdHandler handler)
{
    [Function("SetImmutableId")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.UserImmutableId)] HttpRequest request,
        string user,
        CancellationToken cancellationToken) =>
        handler.PutAsync(request, user, cancellationToken);
}
