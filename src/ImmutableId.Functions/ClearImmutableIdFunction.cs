using ImmutableId.Api;
using ImmutableId.Api.ImmutableIds;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>DELETE /api/users/{user}/immutable-id</c>: Clear the user's immutable ID (explicit JSON null).</summary>
public sealed class ClearImmutableIdFunction(ImmutableIdHandler handler)
{
    [Function("ClearImmutableId")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.UserImmutableId)] HttpRequest request,
        string user,
        CancellationToken cancellationToken) =>
        handler.DeleteAsync(request, user, cancellationToken);
}
