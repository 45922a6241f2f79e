using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs/{id}/items.csv</c> (role ImmutableId.Read).</summary>
public sealed class GetJobItemsCsvFunction(ApiAuthorizer authorizer, JobsHandler handler)
{
    [Function("GetJobItemsCsv")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.JobItemsCsv)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Read, (r, ct) => handler.ItemsCsvAsync(r, id, ct), cancellationToken);
}
