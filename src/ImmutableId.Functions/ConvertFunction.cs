using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Convert;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/convert</c> (role ImmutableId.Read).</summary>
public sealed class ConvertFunction(ApiEndpointRunner<ConvertHandler> endpoint)
{
    [Function("Convert")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ConvertApi.Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(ConvertApi.Convert, request, cancellationToken);
}
