using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs/{id}/items.csv</c> (role ImmutableId.Read).</summary>
public sealed class GetJobItemsCsvFunction(ApiEndpointRunner<JobsHandler> endpoint)
{
    [Function("GetJobItemsCsv")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = JobsApi.ItemsCsvRoute)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(JobsApi.ItemsCsv, request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
