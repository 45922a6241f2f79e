using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/jobs</c> (role ImmutableId.Read, and Write for a set job or Clear for a clear job, checked by the handler).</summary>
public sealed class SubmitJobFunction(ApiAuthorizer authorizer, JobsHandler handler)
{
    [Function("SubmitJob")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Jobs)] HttpRequest request,
        CancellationToken cancellationToken) =>
        authorizer.RunAsync(request, AppRoles.Read, (r, ct) => handler.PostAsync(r, ct), cancellationToken);
}
