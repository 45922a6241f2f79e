using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/operations</c> (role ImmutableId.Read).</summary>
public sealed class ListOperationsFunction(ApiEndpointRunner<OperationsHandler> endpoint)
{
    [Function("ListOperations")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OperationsApi.Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(OperationsApi.List, request, cancellationToken);
}
