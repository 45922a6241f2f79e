using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs/{id}/status</c> (role ImmutableId.Read): 202 until the job ends, then 200 (Power Automate's asynchronous pattern).</summary>
public sealed class GetJobStatusFunction(ApiEndpointRunner<JobsHandler> endpoint)
{
    [Function("GetJobStatus")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = JobsApi.StatusRoute)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(JobsApi.Status, request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
