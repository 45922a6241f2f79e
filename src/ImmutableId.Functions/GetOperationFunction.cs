using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/operations/{id}</c> (role ImmutableId.Read).</summary>
public sealed class GetOperationFunction(ApiAuthorizer authorizer, OperationsHandler handler)
{
    [Function("GetOperation")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Operation)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Read, (r, ct) => handler.GetAsync(r, id, ct), cancellationToken);
}
