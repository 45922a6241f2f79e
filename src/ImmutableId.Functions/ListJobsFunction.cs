using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs</c> (role ImmutableId.Read).</summary>
public sealed class ListJobsFunction(ApiAuthorizer authorizer, JobsHandler handler)
{
    [Function("ListJobs")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Jobs)] HttpRequest request,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Read, (r, ct) => handler.ListAsync(r, ct), cancellationToken);
}
