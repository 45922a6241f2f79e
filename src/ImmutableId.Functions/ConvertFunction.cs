using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/convert</c> (role ImmutableId.Read).</summary>
public sealed class ConvertFunction(ApiEndpointPipeline pipeline)
{
    [Function("Convert")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Convert)] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunAsync("Convert", request, ApiCall.NoRouteValues, cancellationToken);
}
