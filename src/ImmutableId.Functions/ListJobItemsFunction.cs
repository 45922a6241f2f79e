using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs/{id}/items</c> (role ImmutableId.Read).</summary>
public sealed class ListJobItemsFunction(ApiEndpointRunner<JobsHandler> endpoint)
{
    [Function("ListJobItems")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = JobsApi.ItemsRoute)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(JobsApi.ListItems, request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
