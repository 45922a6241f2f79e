using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Diagnoses;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/diagnoses</c> (role ImmutableId.Read).</summary>
public sealed class DiagnoseFunction(ApiAuthorizer authorizer, DiagnosisHandler handler)
{
    [Function("Diagnose")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Diagnoses)] HttpRequest request,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Read, handler.HandleAsync, cancellationToken);
}
