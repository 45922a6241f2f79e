using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>DELETE /api/jobs/{id}</c> (role ImmutableId.Read).</summary>
public sealed class CancelJobFunction(ApiAuthorizer authorizer, JobsHandler handler)
{
    [Function("CancelJob")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Job)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Read, (r, ct) => handler.CancelAsync(r, id, ct), cancellationToken);
}
