using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Convert;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/convert</c> (role ImmutableId.Read).</summary>
public sealed class ConvertFunction(ApiAuthorizer authorizer, ConvertHandler handler)
{
    [Function("Convert")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Convert)] HttpRequest request,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Read, handler.HandleAsync, cancellationToken);
}
