using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Operations;
using ImmutableId.Api.Sync;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Agents;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Api.Agents;

/// <summary>The Agents feature's endpoints: route, role, gate, OpenAPI metadata and handler, declared once.</summary>
public static class AgentsApi
{
    /// <summary><c>POST</c> (role ImmutableId.Agent only): one batch of AD users from an on-prem agent into the mirror.</summary>
    public const string BatchesRoute = "agent/batches";

    /// <summary><c>GET</c>: each bound agent's freshness (last sync, last full pass, lag, entry count, version).</summary>
    public const string Route = "agents";

    /// <summary><c>POST</c> PostAgentBatch.</summary>
    public static ApiEndpoint<AgentBatchHandler> PostBatch { get; } = ApiEndpoint.Answering<AgentBatchHandler, AgentBatchResponse>(
        new ApiOperationDescription(
            "POST", AgentsApi.BatchesRoute, "PostAgentBatch", ApiDescription.OnPremAgents,
            "Post a batch from the on premises agent",
            "The on-prem agent (src/ImmutableId.Agent) posts the AD users it read into the on-prem mirror (OnPrem mode Agent). Only tokens with the " +
            "app role ImmutableId.Agent, from an identity bound in Agents:Bindings; the RFC 9530 Content-Digest header must match the body; the " +
            "sequence must be newer than the agent's last; every entry must sit under the agent's base DNs and UPN domains. A refusal applies nothing and is audited.",
            Role: AppRoles.Agent,
            Visibility: "internal",
            Parameters:
            [
                new(ContentDigest.HeaderName, ApiParameterLocation.Header, typeof(string), true, "Content Digest",
                    "RFC 9530: sha-256=:<Base64 of the SHA-256 of the body>:.", "internal"),
            ],
            RequestBody: typeof(AgentBatchBody),
            RequestBodyRequired: true,
            Responses:
            [
                new(200, "Applied: what changed in the mirror."),
                new(400, "The body is not a valid batch, or Content-Digest is missing or does not match it.",
                    ProblemCodes: [ProblemCodes.InvalidJson, ProblemCodes.ValidationFailed, ProblemCodes.ContentDigestMissing, ProblemCodes.ContentDigestMismatch]),
                new(403, "The token is not an agent's, the agent is not bound, or an entry is outside its base DNs or UPN domains.",
                    ProblemCodes: [ProblemCodes.InsufficientRole, ProblemCodes.AgentNotBound, ProblemCodes.AgentEntryOutOfScope]),
                new(409, "The sequence is not newer than the agent's last applied batch (replay); lastSequence says where to continue.", ProblemCodes: [ProblemCodes.AgentSequenceNotNewer]),
                new(413, "More bytes than Agents:MaxBatchBytes or more entries than Agents:MaxBatchEntries.", ProblemCodes: [ProblemCodes.AgentBatchTooLarge]),
                new(415, "The body is not JSON.", ProblemCodes: [ProblemCodes.UnsupportedMediaType]),
            ],
            Gate: ApiEndpointGate.Handler
        ),
        // Gate Handler: the handler admits the agent and audits refusals itself, and reads the raw body to check its digest.
        static (handler, call) => handler.PostAsync(call.Request, call.CancellationToken));

    /// <summary><c>GET</c> ListAgents.</summary>
    public static ApiEndpoint<AgentsHandler> List { get; } = ApiEndpoint.Answering<AgentsHandler, AgentList>(
        new ApiOperationDescription(
            "GET", AgentsApi.Route, "ListAgents", ApiDescription.OnPremAgents,
            "List the on premises agents",
            "Each bound agent's freshness: last sync, last full pass, lag, whether it is stale (lookups over its entries then fail with AgentStale), " +
            "entry count, version, DC and uSNChanged high-water mark.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "Every agent.")]
        ),
        static (handler, call) => handler.ListAsync(call.CancellationToken));

    /// <summary>This feature's endpoints, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } = [PostBatch, List];
}
