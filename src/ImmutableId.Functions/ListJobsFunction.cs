using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs</c> (role ImmutableId.Read).</summary>
public sealed class ListJobsFunction(ApiEndpointPipeline pipeline)
{
    [Function("ListJobs")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Jobs)] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunAsync("ListJobs", request, ApiCall.NoRouteValues, cancellationToken);
}
