using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Operations;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Health;

/// <summary>The Health feature's endpoints: route, role, gate, OpenAPI metadata and handler, declared once.</summary>
public static class HealthApi
{
    /// <summary><c>GET</c>: liveness (and readiness with <c>?ready=true</c>).</summary>
    public const string Route = "health";

    internal static readonly ApiParameterDescription ReadyParameter =
        new("ready", ApiParameterLocation.Query, typeof(bool), false, "Readiness", "true: also probe Graph, the on-prem directory and storage.", "advanced");

    /// <summary><c>GET</c> GetHealth.</summary>
    public static ApiEndpoint<HealthHandler> Health { get; } = ApiEndpoint.Answering<HealthHandler, HealthAnswer>(
        new ApiOperationDescription(
            "GET", HealthApi.Route, "GetHealth", ApiDescription.Service,
            "Check the service is alive or ready",
            "Liveness: answers 200 with the status and version. With ready=true, readiness: Graph (a token and one read), the on-prem directory " +
            "(LDAP bind and a base read, or the LDIF file) and storage (a write and a read) are probed in parallel with a short timeout and the " +
            "round is reused for a few seconds; 503 names each failed dependency and what to check. Anonymous; says nothing about the tenant or the directory.",
            Role: null,
            Visibility: "advanced",
            Parameters: [ReadyParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "The service is running (HealthResponse), or with ready=true every dependency answered (ReadinessResponse)."),
                new(400, "ready is not true or false.", ProblemCodes: [ProblemCodes.ValidationFailed]),
                new(503, "ready=true and a dependency failed: 'dependencies' names each one with what to check.", ProblemCodes: [HealthHandler.NotReadyCode],
                    Headers: new Dictionary<string, string> { ["Retry-After"] = "Seconds until the next probe round." }),
            ],
            Gate: ApiEndpointGate.Anonymous
        ),
        HandleAsync);

    /// <summary>This feature's endpoints, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } = [Health];

    private static Task<ApiAnswer<HealthAnswer>> HandleAsync(HealthHandler handler, ApiCall call)
    {
        // ready is checked before anything else, with its own wording (not ApiBinder.Flag's): kept as callers know it.
        var ready = call.Request.Query[ReadyParameter.Name].ToString();
        if (ready.Length > 0 && !bool.TryParse(ready, out _))
        {
            return Task.FromResult(ApiAnswer<HealthAnswer>.Refused(ApiProblem.Create(call.Request.HttpContext, StatusCodes.Status400BadRequest,
                ProblemCodes.ValidationFailed, "Invalid parameter", "ready must be true or false.")));
        }

        return handler.HandleAsync(bool.TryParse(ready, out var wantsReadiness) && wantsReadiness, call.Request, call.CancellationToken);
    }
}
