using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs/{id}/status</c> (role ImmutableId.Read): 202 until the job ends, then 200 (Power Automate's asynchronous pattern).</summary>
public sealed class GetJobStatusFunction(ApiEndpointPipeline pipeline)
{
    [Function("GetJobStatus")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.JobStatus)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        pipeline.RunAsync("GetJobStatus", request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
