using ImmutableId.Api;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Diagnoses;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImmutableId.Functions;

/// <summary><c>POST /api/diagnoses</c> (role ImmutableId.Read).</summary>
public sealed class DiagnoseFunction(ApiEndpointRunner<DiagnosisHandler> endpoint)
{
    [Function("Diagnose")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DiagnosesApi.Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoint.RunAsync(DiagnosesApi.Diagnose, request, cancellationToken);
}
