using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/operations/{id}</c> (role ImmutableId.Read).</summary>
public sealed class GetOperationFunction(ApiEndpointRunner<OperationsHandler> endpoint)
{
    [Function("GetOperation")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OperationsApi.OperationRoute)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(OperationsApi.Get, request, new Dictionary<string, string?> { ["id"] = id }, cancellationToken);
}
