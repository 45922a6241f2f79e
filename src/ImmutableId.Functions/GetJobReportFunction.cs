using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/jobs/{id}/report</c> (role ImmutableId.Read): the readiness report as one HTML page.</summary>
public sealed class GetJobReportFunction(ApiEndpointRunner<JobsHandler> endpoint)
{
    [Function("GetJobReport")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = JobsApi.ReportRoute)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(JobsApi.Report, request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
