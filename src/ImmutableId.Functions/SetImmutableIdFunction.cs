using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary>
/// <c>PUT /api/users/{user}/immutable-id</c> (role ImmutableId.Write): hard match, write the on-prem anchor as the
/// user's immutable ID — under <see cref="WriteGuard"/> (auth, idempotency, per-user lease, audit).
/// </summary>
public sealed class SetImmutableIdFunction(WriteGuard guard, ImmutableIdHandler handler)
{
    [Function("SetImmutableId")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.UserImmutableId)] HttpRequest request,
        string user,
        CancellationToken cancellationToken) =>
        guard.RunAsync(request, AppRoles.Write, AuditOperation.Set, user, (r, op, ct) => handler.PutAsync(r, user, op, ct), cancellationToken);
}
