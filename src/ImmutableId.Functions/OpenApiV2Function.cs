using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/openapi/v2.json</c> (anonymous).</summary>
public sealed class OpenApiV2Function(ApiEndpointRunner<OpenApiHandler> endpoint)
{
    [Function("OpenApiV2")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpenApiDocumentsApi.V2Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(OpenApiDocumentsApi.V2, request, cancellationToken);
}
