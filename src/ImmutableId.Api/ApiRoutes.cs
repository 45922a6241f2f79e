namespace ImmutableId.Api;

/// <summary>
/// Every route of the API, once. The Functions host prefixes them with host.json's <c>routePrefix</c>
/// (<see cref="Prefix"/>); the Standalone host maps them under the same prefix.
/// </summary>
public static class ApiRoutes
{
    /// <summary>The prefix both hosts put before every route (host.json <c>extensions.http.routePrefix</c>).</summary>
    public const string Prefix = "api";

    /// <summary><c>POST</c>: convert an anchor between its forms.</summary>
    public const string Convert = "convert";

    /// <summary><c>GET</c>: liveness (and readiness with <c>?ready=true</c>).</summary>
    public const string Health = "health";

    /// <summary><c>GET</c>: the OpenAPI 3.0 document of this API (anonymous).</summary>
    public const string OpenApiV3 = "openapi/v3.json";

    /// <summary><c>GET</c>: the Swagger 2.0 document of this API, for Power Automate custom connectors (anonymous).</summary>
    public const string OpenApiV2 = "openapi/v2.json";

    /// <summary><c>GET</c>: one audit record by operation id.</summary>
    public const string Operation = "operations/{id}";

    /// <summary><c>GET</c>: audit records filtered by <c>upn</c>, <c>ticket</c>, <c>from</c>, <c>to</c>, paged by <c>continuationToken</c>.</summary>
    public const string Operations = "operations";

    /// <summary><c>POST</c>, Standalone sandbox only, outside <see cref="Prefix"/>: mints a sandbox token.</summary>
    public const string SandboxToken = "/_sandbox/token";

    /// <summary><c>POST</c>: Cloud Sync provision on demand of the user's AD object.</summary>
    public const string UserSync = "users/{" + UserParameter + "}/immutable-id/sync";

    /// <summary><c>POST</c>: a pasted sync error → its cause for this user and the fix as API calls.</summary>
    public const string Diagnoses = "diagnoses";
    /// <summary><c>POST</c> (role ImmutableId.Agent only): one batch of AD users from an on-prem agent into the mirror.</summary>
    public const string AgentBatches = "agent/batches";

    /// <summary><c>GET</c>: each bound agent's freshness (last sync, last full pass, lag, entry count, version).</summary>
    public const string Agents = "agents";

    /// <summary>The route parameter that names a user: a UPN or an on-prem objectGUID.</summary>
    public const string UserParameter = "user";

    /// <summary><c>GET</c> status, <c>PUT</c> set (hard match), <c>DELETE</c> clear of one user's onPremisesImmutableId.</summary>
    public const string UserImmutableId = "users/{" + UserParameter + "}/immutable-id";

    /// <summary><c>POST</c> a bulk job (set, clear, assess); <c>GET</c> the caller's jobs.</summary>
    public const string Jobs = "jobs";

    /// <summary><c>GET</c> one job with its progress; <c>DELETE</c> cancels it.</summary>
    public const string Job = "jobs/{id}";

    /// <summary><c>GET</c> a job's items as JSON, paged, filtered by <c>outcome</c> and <c>code</c>.</summary>
    public const string JobItems = "jobs/{id}/items";

    /// <summary><c>GET</c> a job for Power Automate's asynchronous pattern: 202 + Location + Retry-After while it runs, 200 with the job once it ended.</summary>
    public const string JobStatus = "jobs/{id}/status";

    /// <summary><c>GET</c> a job's readiness report as one self-contained HTML page.</summary>
    public const string JobReport = "jobs/{id}/report";

    /// <summary><c>GET</c> all of a job's items as CSV (the readiness report).</summary>
    public const string JobItemsCsv = "jobs/{id}/items.csv";
}
