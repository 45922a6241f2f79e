using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs/{id}</c> (role ImmutableId.Read).</summary>
public sealed class GetJobFunction(ApiEndpointRunner<JobsHandler> endpoint)
{
    [Function("GetJob")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = JobsApi.JobRoute)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(JobsApi.Get, request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
