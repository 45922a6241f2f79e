using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs/{id}/report</c> (role ImmutableId.Read): the readiness report as an HTML page.</summary>
public sealed class GetJobReportFunction(ApiEndpointPipeline pipeline)
{
    [Function("GetJobReport")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.JobReport)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        pipeline.RunAsync("GetJobReport", request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
