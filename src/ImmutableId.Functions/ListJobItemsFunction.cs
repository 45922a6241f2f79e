using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs/{id}/items</c> (role ImmutableId.Read).</summary>
public sealed class ListJobItemsFunction(ApiAuthorizer authorizer, JobsHandler handler)
{
    [Function("ListJobItems")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.JobItems)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Read, (r, ct) => handler.ListItemsAsync(r, id, ct), cancellationToken);
}
