using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>DELETE /api/jobs/{id}</c> (role ImmutableId.Read).</summary>
public sealed class CancelJobFunction(ApiEndpointPipeline pipeline)
{
    [Function("CancelJob")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Job)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        pipeline.RunAsync("CancelJob", request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
