using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Operations;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Api.Health;

/// <summary>The Health feature's endpoints: route, role, gate, OpenAPI metadata and handler, declared once.</summary>
public static class HealthApi
{
    /// <summary><c>GET</c>: liveness (and readiness with <c>?ready=true</c>).</summary>
    public const string Route = "health";

    /// <summary><c>GET</c> GetHealth.</summary>
    public static ApiEndpoint<HealthHandler> Health { get; } = new(
        new ApiOperationDescription(
            "GET", HealthApi.Route, "GetHealth", ApiDescription.Service,
            "Check the service is alive or ready",
            "Liveness: answers 200 with the status and version. With ready=true, readiness: Graph (a token and one read), the on-prem directory " +
            "(LDAP bind and a base read, or the LDIF file) and storage (a write and a read) are probed in parallel with a short timeout and the " +
            "round is reused for a few seconds; 503 names each failed dependency and what to check. Anonymous; says nothing about the tenant or the directory.",
            Role: null,
            Visibility: "advanced",
            Parameters:
            [
                new("ready", ApiParameterLocation.Query, typeof(bool), false, "Readiness", "true: also probe Graph, the on-prem directory and storage.", "advanced"),
            ],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "The service is running (HealthResponse), or with ready=true every dependency answered (ReadinessResponse).", typeof(HealthResponse)),
                new(400, "ready is not true or false.", ProblemCodes: [ProblemCodes.ValidationFailed]),
                new(503, "ready=true and a dependency failed: 'dependencies' names each one with what to check.", ProblemCodes: [HealthHandler.NotReadyCode],
                    Headers: new Dictionary<string, string> { ["Retry-After"] = "Seconds until the next probe round." }),
            ],
            Gate: ApiEndpointGate.Anonymous
        ),
        static (handler, call) => handler.HandleAsync(call.Request, call.CancellationToken));

    /// <summary>This feature's endpoints, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } = [Health];
}
