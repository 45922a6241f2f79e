using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary>
/// <c>DELETE /api/users/{user}/immutable-id</c> (role ImmutableId.Clear): clear the user's immutable ID (explicit
/// null) — under <see cref="WriteGuard"/> (auth, idempotency, per-user lease, audit).
/// </summary>
public sealed class ClearImmutableIdFunction(WriteGuard guard, ImmutableIdHandler handler)
{
    [Function("ClearImmutableId")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.UserImmutableId)] HttpRequest request,
        string user,
        CancellationToken cancellationToken) =>
        guard.RunAsync(request, AppRoles.Clear, AuditOperation.Clear, user, (r, op, ct) => handler.DeleteAsync(r, user, op, ct), cancellationToken);
}
