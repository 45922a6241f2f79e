using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>DELETE /api/jobs/{id}</c> (role ImmutableId.Read).</summary>
public sealed class CancelJobFunction(ApiEndpointRunner<JobsHandler> endpoint)
{
    [Function("CancelJob")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = JobsApi.JobRoute)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(JobsApi.Cancel, request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
