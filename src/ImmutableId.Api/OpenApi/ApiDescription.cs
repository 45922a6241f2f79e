using ImmutableId.Api.Agents;
using ImmutableId.Api.Convert;
using ImmutableId.Api.Diagnoses;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Health;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.Operations;
using ImmutableId.Api.Sync;
using ImmutableId.Api.Webhooks;

namespace ImmutableId.Api.OpenApi;

/// <summary>
/// The HTTP API as a whole: its title, version and tags, and <see cref="Endpoints"/>, assembled from each feature's own
/// declarations (<c>ImmutableIdsApi</c>, <c>JobsApi</c>…: method, route, role, gate, OpenAPI metadata and handler beside
/// the handler). The Standalone host maps every endpoint, each Azure Function runs its feature's endpoint, and both
/// OpenAPI documents are generated from them (tests check the Standalone endpoints and every Functions trigger against this list).
/// </summary>
public static class ApiDescription
{
    /// <summary>The document title.</summary>
    public const string Title = "ImmutableId Functions";

    /// <summary>The API version in the documents (the routes carry no version; v1 is the only one).</summary>
    public const string Version = "v1";

    /// <summary>Who answers questions about the API (<c>info.contact</c>): a placeholder under example.com, like the connector's host; the publisher replaces it.</summary>
    public static readonly (string Name, Uri Url) Contact = ("ImmutableId Functions maintainers", new Uri("https://immutableid.example.com/support"));

    /// <summary>The licence the documents state (<c>info.license</c>); a placeholder until the project publishes its licence file.</summary>
    public static readonly (string Name, Uri Url) License = ("Proprietary", new Uri("https://immutableid.example.com/license"));

    /// <summary>The documents' introduction.</summary>
    public const string Introduction =
        "Reads, sets (hard match) and clears a cloud user's onPremisesImmutableId so that Entra Connect or Cloud Sync " +
        "links it to the right AD user, with every guardrail checked first. Writes accept dryRun=true (every check, no write), " +
        "an Idempotency-Key header and a ticket reference (set: body or X-Ticket-Id; clear: ?ticket=). Errors are RFC 9457 application/problem+json with a " +
        "stable code, a detail that says what to do next, and a traceId.";

    internal const string Users = "Immutable IDs";
    internal const string Anchors = "Anchors";
    internal const string Audit = "Audit";
    internal const string Service = "Service";
    internal const string OnPremAgents = "On-prem agents";
    internal const string BulkJobs = "Bulk jobs";
    internal const string Webhooks = "Webhooks";

    /// <summary>What each tag groups.</summary>
    internal static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Users] = "Status, set (hard match) and clear of one user's onPremisesImmutableId, with dry runs.",
        [Anchors] = "Source anchor conversion between every form; nothing is read or written.",
        [Audit] = "The audit records of every set and clear attempt.",
        [Service] = "Liveness and this API's description; anonymous.",
        [OnPremAgents] = "The on-prem agent's batches into the mirror (agent identities only), and each agent's freshness.",
        [BulkJobs] = "Set, clear or assess many users in one job, queued and run at Graph's write limit, with progress and a CSV report.",
        [Webhooks] = "Be told when a bulk job ends: signed webhooks (Standard Webhooks) and the Power Automate trigger.",
    };


    /// <summary>Every endpoint, assembled from the features in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } =
    [
        .. ImmutableIdsApi.Endpoints,
        .. ConvertApi.Endpoints,
        .. SyncApi.Endpoints,
        .. DiagnosesApi.Endpoints,
        .. OperationsApi.Endpoints,
        .. AgentsApi.Endpoints,
        .. JobsApi.Endpoints,
        .. WebhooksApi.Endpoints,
        .. HealthApi.Endpoints,
        .. OpenApiDocumentsApi.Endpoints,
    ];

    /// <summary>Every operation, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiOperationDescription> Operations { get; } = [.. Endpoints.Select(e => e.Description)];
}
