using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs/{id}</c> (role ImmutableId.Read).</summary>
public sealed class GetJobFunction(ApiAuthorizer authorizer, JobsHandler handler)
{
    [Function("GetJob")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Job)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Read, (r, ct) => handler.GetAsync(r, id, ct), cancellationToken);
}
