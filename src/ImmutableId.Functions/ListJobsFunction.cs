using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs</c> (role ImmutableId.Read).</summary>
public sealed class ListJobsFunction(ApiEndpointRunner<JobsHandler> endpoint)
{
    [Function("ListJobs")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = JobsApi.Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(JobsApi.List, request, cancellationToken);
}
