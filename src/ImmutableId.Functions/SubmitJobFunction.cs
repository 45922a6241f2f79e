using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/jobs</c> (role ImmutableId.Read, and Write for a set job or Clear for a clear job, checked by the handler).</summary>
public sealed class SubmitJobFunction(ApiEndpointRunner<JobsHandler> endpoint)
{
    [Function("SubmitJob")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = JobsApi.Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(JobsApi.Submit, request, cancellationToken);
}
