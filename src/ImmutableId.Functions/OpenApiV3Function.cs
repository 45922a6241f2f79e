using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/openapi/v3.json</c> (anonymous).</summary>
public sealed class OpenApiV3Function(ApiEndpointRunner<OpenApiHandler> endpoint)
{
    [Function("OpenApiV3")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpenApiDocumentsApi.V3Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(OpenApiDocumentsApi.V3, request, cancellationToken);
}
