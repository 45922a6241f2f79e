using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>GET /api/operations</c> (role ImmutableId.Read).</summary>
public sealed class ListOperationsFunction(ApiAuthorizer authorizer, OperationsHandler handler)
{
    [Function("ListOperations")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Operations)] HttpRequest request,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Read, handler.ListAsync, cancellationToken);
}
