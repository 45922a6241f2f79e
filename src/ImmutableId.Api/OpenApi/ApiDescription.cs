using ImmutableId.Api.Agents;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Convert;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Diagnoses;
using ImmutableId.Api.Sync;
using ImmutableId.Api.Health;
using ImmutableId.Api.Http;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.Operations;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Agents;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Api.OpenApi;

/// <summary>
/// The one declaration of the HTTP API: each entry of <see cref="Operations"/> is an endpoint (method, route, role, gate,
/// handler, Azure Function name and OpenAPI metadata). The Standalone host maps every entry, each Azure Function runs
/// its entry through <see cref="Endpoints.ApiEndpointPipeline"/>, and both OpenAPI documents are generated from them
/// (tests check the Standalone endpoints and every Functions trigger against this list).
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

    /// <summary>What each tag groups.</summary>
    internal static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Users] = "Status, set (hard match) and clear of one user's onPremisesImmutableId, with dry runs.",
        [Anchors] = "Source anchor conversion between every form; nothing is read or written.",
        [Audit] = "The audit records of every set and clear attempt.",
        [Service] = "Liveness and this API's description; anonymous.",
        [OnPremAgents] = "The on-prem agent's batches into the mirror (agent identities only), and each agent's freshness.",
        [BulkJobs] = "Set, clear or assess many users in one job, queued and run at Graph's write limit, with progress and a CSV report.",
    };

    private const int StatusCodes403 = 403;
    private const int StatusCodes404 = 404;
    private const int StatusCodes409 = 409;
    private const int StatusCodes422 = 422;
    private const int StatusCodes502 = 502;
    private const int StatusCodes503 = 503;

    private static readonly ApiParameterDescription UserParameter = new(
        ApiRoutes.UserParameter, ApiParameterLocation.Path, typeof(string), true, "User",
        "The user's UPN (adele.vance@contoso.com) or on-prem objectGUID (35918bc9-196d-40ea-9779-889d79b753f0).",
        "important", MaxLength: UserKey.MaxLength);

    private static readonly ApiParameterDescription DryRunParameter = new(
        "dryRun", ApiParameterLocation.Query, typeof(bool), false, "Dry Run",
        "true: run every check and answer the exact change without writing anything.", "important");

    private static readonly ApiParameterDescription TicketQueryParameter = new(
        "ticket", ApiParameterLocation.Query, typeof(string), false, "Ticket",
        "The ITSM ticket reference recorded in the audit record (e.g. CHG0042).", "important",
        MaxLength: ImmutableIdHandler.MaxTicketLength);

    private static readonly ApiParameterDescription ReasonQueryParameter = new(
        "reason", ApiParameterLocation.Query, typeof(string), false, "Reason",
        "Why the immutable ID is cleared, recorded in the audit record.", "advanced",
        MaxLength: ImmutableIdHandler.MaxReasonLength);

    private static readonly ApiParameterDescription IdempotencyKeyParameter = new(
        WriteGuard.IdempotencyKeyHeader, ApiParameterLocation.Header, typeof(string), false, "Idempotency Key",
        "Recommended for retries: a unique value (e.g. a UUID) per intended write. The same key with the same request answers the first response " +
        "again; with a different request 422; while the first is still running 409.", "advanced", MaxLength: WriteGuard.MaxKeyLength);

    private static readonly ApiParameterDescription TicketHeaderParameter = new(
        ImmutableIdHandler.TicketHeader, ApiParameterLocation.Header, typeof(string), false, "Ticket ID",
        "The ITSM ticket reference recorded in the audit record (e.g. INC0012345). A ticket in the body wins.", "advanced",
        MaxLength: ImmutableIdHandler.MaxTicketLength);

    private static readonly IReadOnlyDictionary<string, string> WriteHeaders = new Dictionary<string, string>
    {
        [WriteGuard.OperationIdHeader] = "The audit record's id: GET /api/operations/{id}.",
        [WriteGuard.ReplayedHeader] = "true when this is the stored answer to an earlier request with the same Idempotency-Key.",
    };

    /// <summary>A refused write that reached the audit log says which record holds it.</summary>
    internal static readonly IReadOnlyDictionary<string, string> RefusalHeaders = new Dictionary<string, string>
    {
        [WriteGuard.OperationIdHeader] = "The audit record of this refused attempt: GET /api/operations/{id}. Absent when the request was refused before any record (e.g. IdempotencyKeyInProgress).",
    };

    private static readonly string[] Warnings = [nameof(GuardrailCode.AnchorSourceMismatch), nameof(GuardrailCode.AlreadyMatched), nameof(GuardrailCode.NothingToClear)];

    /// <summary>The guardrail problems per status, from the one table that maps codes to statuses (<see cref="HardMatchProblems"/>).</summary>
    private static IEnumerable<ApiResponseDescription> GuardrailResponses(int[] statuses, bool write = false) =>
        statuses.Select(status => new ApiResponseDescription(
            status,
            status switch
            {
                403 => "Refused: the target is privileged, protected or out of scope. 'blockers' lists every reason; nothing was written.",
                404 => "The user was not found on-prem or in the cloud.",
                409 => "Refused: the user's current state conflicts with the write (or another write for this user is running). 'blockers' lists every reason.",
                422 => "Refused: the write cannot be done for this user as asked. 'blockers' lists every reason.",
                502 => "Microsoft Graph or the DC refused in a way the caller cannot fix (permissions, bind credentials, TLS trust).",
                _ => "Microsoft Graph is throttling or a directory is unavailable; retry after Retry-After seconds. Nothing was written.",
            },
            ProblemCodes: Enum.GetNames<GuardrailCode>().Where(c => !Warnings.Contains(c) && HardMatchProblems.StatusOf(Enum.Parse<GuardrailCode>(c)) == status)
                .Concat(status switch
                {
                    409 => [ProblemCodes.IdempotencyKeyInProgress, ProblemCodes.UserBusy],
                    422 => [ProblemCodes.IdempotencyKeyReused],
                    _ => [],
                })
                .Distinct(StringComparer.Ordinal)
                .ToArray(),
            Headers: (status is 503 or 409 ? new Dictionary<string, string> { ["Retry-After"] = "Seconds to wait before retrying." } : new Dictionary<string, string>())
                .Concat(write ? RefusalHeaders : new Dictionary<string, string>())
                .ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal)));

    private static IEnumerable<ApiResponseDescription> WriteInputResponses(string[] codes) =>
    [
        new(400, "The user, query, body or a header is not valid; nothing was read or written.",
            ProblemCodes: ["InvalidUser", ProblemCodes.ValidationFailed, ProblemCodes.InvalidJson, ProblemCodes.InvalidIdempotencyKey, .. codes]),
        new(413, "The body is larger than 64 KiB.", ProblemCodes: [ProblemCodes.RequestTooLarge]),
        new(415, "The body is not JSON.", ProblemCodes: [ProblemCodes.UnsupportedMediaType]),
    ];

    private static readonly ApiParameterDescription JobIdParameter = new(
        "id", ApiParameterLocation.Path, typeof(Guid), true, "Job ID", "The job id returned by POST /api/jobs.", "important");

    private static readonly ApiParameterDescription[] JobItemFilters =
    [
        new("outcome", ApiParameterLocation.Query, typeof(string), false, "Outcome",
            "Only users with this status: queued, running, succeeded, noChange, planned, refused, failed or cancelled.", "important"),
        new("code", ApiParameterLocation.Query, typeof(string), false, "Code", "Only users with this guardrail code, e.g. PrivilegedTarget.", "important", MaxLength: 64),
    ];

    private static readonly ApiResponseDescription[] JobLookupProblems =
    [
        new(400, "The job id is not a GUID, or a filter is not valid.", ProblemCodes: [ProblemCodes.InvalidJobId, ProblemCodes.InvalidRequest, ProblemCodes.InvalidContinuationToken]),
        new(404, "You have no job with this id (a job is visible only to the app and principal that submitted it).", ProblemCodes: [ProblemCodes.JobNotFound]),
    ];

    /// <summary>Every operation, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiOperationDescription> Operations { get; } =
    [
        new(
            "GET", ApiRoutes.UserImmutableId, "GetImmutableIdStatus", Users,
            "Get the immutable ID status of a user",
            "Reads both sides of one user: the on-prem anchor (mS-DS-ConsistencyGuid, else objectGUID), the cloud user's onPremisesImmutableId, " +
            "sync and match state, every guardrail's verdict, and every blocker a set would hit. Nothing is written.",
            Role: AppRoles.Read,
            Visibility: "important",
            Parameters: [UserParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "Both sides, the match state and the blockers a set would hit.", typeof(ImmutableIdResponse)),
                new(400, "The user is neither a UPN nor an objectGUID.", ProblemCodes: ["InvalidUser"]),
                .. GuardrailResponses([StatusCodes404, StatusCodes502, StatusCodes503]),
            ],
            FunctionName: "GetImmutableId",
            Handler: static (sp, call) => sp.GetRequiredService<ImmutableIdHandler>().GetAsync(call.Request, call.Route(ApiRoutes.UserParameter), call.CancellationToken)),
        new(
            "PUT", ApiRoutes.UserImmutableId, "SetImmutableId", Users,
            "Hard match a user by setting the immutable ID",
            "Resolves the user's on-prem anchor, runs every guardrail, writes it to the cloud user's onPremisesImmutableId, reads it back and audits the " +
            "operation. With dryRun=true: every check and the exact change, nothing written. After a real write run a delta sync (see nextSteps).",
            Role: AppRoles.Write,
            Visibility: "important",
            Parameters: [UserParameter, DryRunParameter, IdempotencyKeyParameter, TicketHeaderParameter],
            RequestBody: typeof(SetImmutableIdBody),
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "Written (outcome succeeded; see verified), planned (dry run) or noChange (already matched).", typeof(ImmutableIdResponse), Headers: WriteHeaders),
                .. WriteInputResponses(["InvalidSource", "InvalidObjectGuid"]),
                .. GuardrailResponses([StatusCodes403, StatusCodes404, StatusCodes409, StatusCodes422, StatusCodes502, StatusCodes503], write: true),
            ],
            FunctionName: "SetImmutableId",
            Gate: ApiEndpointGate.Write,
            WriteOperation: AuditOperation.Set,
            Handler: static (sp, call) => sp.GetRequiredService<ImmutableIdHandler>().PutAsync(call.Request, call.Route(ApiRoutes.UserParameter), call.RequiredOperation, call.CancellationToken)),
        new(
            "DELETE", ApiRoutes.UserImmutableId, "ClearImmutableId", Users,
            "Clear the immutable ID of a user",
            "Writes an explicit JSON null to the cloud user's onPremisesImmutableId (what Update-MgUser -OnPremisesImmutableId $null does not do), reads it " +
            "back and audits the operation. With dryRun=true: every check, nothing written. No body: the ticket and the reason are query parameters.",
            Role: AppRoles.Clear,
            Visibility: "important",
            Parameters: [UserParameter, DryRunParameter, TicketQueryParameter, ReasonQueryParameter, IdempotencyKeyParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "Cleared (outcome succeeded; see verified), planned (dry run) or noChange (nothing to clear).", typeof(ImmutableIdResponse), Headers: WriteHeaders),
                .. WriteInputResponses([]),
                .. GuardrailResponses([StatusCodes403, StatusCodes404, StatusCodes409, StatusCodes422, StatusCodes502, StatusCodes503], write: true),
            ],
            FunctionName: "ClearImmutableId",
            Gate: ApiEndpointGate.Write,
            WriteOperation: AuditOperation.Clear,
            Handler: static (sp, call) => sp.GetRequiredService<ImmutableIdHandler>().DeleteAsync(call.Request, call.Route(ApiRoutes.UserParameter), call.RequiredOperation, call.CancellationToken)),
        new(
            "POST", ApiRoutes.Convert, "ConvertAnchor", Anchors,
            "Convert a source anchor",
            "Converts one source anchor between every form: GUID (as AD shows objectGUID), ImmutableId (Base64, the value of onPremisesImmutableId), hex, " +
            "LDAP-escaped bytes and Entra Connect's connector-space DN. The input form is detected unless 'from' forces it. Nothing is read or written.",
            Role: AppRoles.Read,
            Visibility: "important",
            Parameters: [],
            RequestBody: typeof(ConvertRequest),
            RequestBodyRequired: true,
            Responses:
            [
                new(200, "Every form of the anchor.", typeof(ConvertResponse)),
                new(400, "The body or the value is not valid; 'lookedLike' names the form the value resembled.",
                    ProblemCodes: [ProblemCodes.InvalidJson, ProblemCodes.MissingBody, ProblemCodes.InvalidAnchorFormatName, "AnchorEmpty", "AnchorInvalid", "AnchorAmbiguous"]),
                new(413, "The body is larger than 64 KiB.", ProblemCodes: [ProblemCodes.RequestTooLarge]),
                new(415, "The body is not JSON.", ProblemCodes: [ProblemCodes.UnsupportedMediaType]),
            ],
            RequiredBodyProperties: ["value"],
            FunctionName: "Convert",
            Handler: static (sp, call) => sp.GetRequiredService<ConvertHandler>().HandleAsync(call.Request, call.CancellationToken)),
        new(
            "POST", ApiRoutes.UserSync, "SyncImmutableId", Users,
            "Provision the user now with Cloud Sync",
            "Runs Microsoft Entra Cloud Sync provision on demand for the user's AD object (its distinguished name) and reads the user back: " +
            "the answer holds Entra's result (success, or the step that failed with its message) and whether the cloud user is now linked. " +
            "Without Cloud Sync configured (Sync:CloudSync) nothing is called and nextSteps names the command for the Entra Connect server. " +
            "Out-of-scope, protected and privileged targets are refused, as for a set.",
            Role: AppRoles.Write,
            Visibility: "important",
            Parameters: [UserParameter, TicketQueryParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "Provisioned (outcome succeeded or skipped; see linked), or notConfigured with nextSteps.", typeof(SyncResponse)),
                new(400, "The user or the ticket is not valid.", ProblemCodes: ["InvalidUser", ProblemCodes.ValidationFailed]),
                new(StatusCodes403, "The target is out of scope, protected or privileged.", ProblemCodes: ["OutOfScope", "ProtectedOnPremAccount", "PrivilegedTarget", "GuestUser", ProblemCodes.OutOfCallerScope]),
                new(StatusCodes404, "The AD object or the cloud user was not found.", ProblemCodes: ["OnPremUserNotFound", "CloudUserNotFound"]),
                new(StatusCodes409, "Entra's provisioning failed at a step; provisioning holds its message and steps.", ProblemCodes: ["ProvisioningFailed"]),
                new(StatusCodes502, "Graph refused provision on demand (permission).", ProblemCodes: ["UpstreamError"]),
                new(StatusCodes503, "Graph or the DC was unavailable.", ProblemCodes: ["UpstreamUnavailable", "Throttled"]),
            ],
            FunctionName: "SyncImmutableId",
            Handler: static (sp, call) => sp.GetRequiredService<SyncHandler>().PostAsync(call.Request, call.Route(ApiRoutes.UserParameter), call.CancellationToken)),
        new(
            "POST", ApiRoutes.Diagnoses, "DiagnoseSyncError", Users,
            "Diagnose a sync error",
            "Paste an error text or code from Entra Connect, Cloud Sync or the Entra admin center (InvalidSoftMatch, AttributeValueMustBeUnique, " +
            "the security-hardening hard match block, ObjectTypeMismatch, DataValidationFailed, FederatedDomainChangeError, InvalidHardMatch, " +
            "Existing Admin Role Conflict), plus the user when the text does not name one: the answer names the error (with its documented " +
            "source), its cause for this user from the user's status read now, and the fix as exact calls, dry run first. Writes nothing.",
            Role: AppRoles.Read,
            Visibility: "important",
            Parameters: [],
            RequestBody: typeof(DiagnoseRequest),
            RequestBodyRequired: true,
            Responses:
            [
                new(200, "The recognised error, the cause for the user and the fix.", typeof(DiagnosisResponse)),
                new(400, "The body is not valid: no text, a field too long, or a user that is not a UPN or objectGUID.",
                    ProblemCodes: [ProblemCodes.InvalidJson, ProblemCodes.MissingBody, ProblemCodes.ValidationFailed, "InvalidUser"]),
                new(StatusCodes403, "The user is outside the caller's scope.", ProblemCodes: [ProblemCodes.OutOfCallerScope]),
                new(413, "The body is larger than 64 KiB.", ProblemCodes: [ProblemCodes.RequestTooLarge]),
                new(415, "The body is not JSON.", ProblemCodes: [ProblemCodes.UnsupportedMediaType]),
                new(StatusCodes422, "The text is not a sync error this API knows; lookedFor lists what was looked for.", ProblemCodes: [ProblemCodes.SyncErrorNotRecognized]),
            ],
            RequiredBodyProperties: ["text"],
            FunctionName: "Diagnose",
            Handler: static (sp, call) => sp.GetRequiredService<DiagnosisHandler>().HandleAsync(call.Request, call.CancellationToken)),
        new(
            "GET", ApiRoutes.Operation, "GetOperation", Audit,
            "Get one audit record",
            "One set or clear attempt (real, dry run or refused) by its operation id (the X-Operation-Id header of the write): caller, ticket, " +
            "target, before/after, every guardrail verdict, outcome and whether the read-back verified it.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters:
            [
                new("id", ApiParameterLocation.Path, typeof(Guid), true, "Operation ID", "The operation id returned in X-Operation-Id by a set or clear.", "important"),
            ],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "The audit record.", typeof(AuditRecord)),
                new(400, "The id is not a GUID.", ProblemCodes: [ProblemCodes.InvalidOperationId]),
                new(404, "No audit record has this id.", ProblemCodes: [ProblemCodes.OperationNotFound]),
            ],
            FunctionName: "GetOperation",
            Handler: static (sp, call) => sp.GetRequiredService<OperationsHandler>().GetAsync(call.Request, call.Route("id") ?? string.Empty, call.CancellationToken)),
        new(
            "GET", ApiRoutes.Operations, "ListOperations", Audit,
            "List audit records",
            "Audit records newest first, filtered by UPN, ticket and time range (all optional, combined with AND), one page at a time: " +
            "pass continuationToken (or follow nextLink) for the next page.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters:
            [
                new("upn", ApiParameterLocation.Query, typeof(string), false, "UPN", "Only records whose target UPN is this (case-insensitive).", "important", MaxLength: 256),
                new("ticket", ApiParameterLocation.Query, typeof(string), false, "Ticket", "Only records with this ticket reference.", "important", MaxLength: 128),
                new("from", ApiParameterLocation.Query, typeof(DateTimeOffset), false, "From", "Only records at or after this instant (ISO 8601 with offset, e.g. 2026-11-27T00:00:00Z).", "advanced"),
                new("to", ApiParameterLocation.Query, typeof(DateTimeOffset), false, "To", "Only records before this instant.", "advanced"),
                new("pageSize", ApiParameterLocation.Query, typeof(int), false, "Page Size", $"Records per page (default {AuditQuery.DefaultPageSize}).", "advanced",
                    Minimum: 1, Maximum: AuditQuery.MaxPageSize),
                new("continuationToken", ApiParameterLocation.Query, typeof(string), false, "Continuation Token", "The previous page's continuationToken.", "internal"),
            ],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "One page of records, and where to read the next.", typeof(OperationPage)),
                new(400, "A filter is not valid, or the continuation token is not one this API issued.",
                    ProblemCodes: [ProblemCodes.ValidationFailed, ProblemCodes.InvalidContinuationToken]),
            ],
            FunctionName: "ListOperations",
            PagedItems: "items",
            Handler: static (sp, call) => sp.GetRequiredService<OperationsHandler>().ListAsync(call.Request, call.CancellationToken)),
        new(
            "POST", ApiRoutes.AgentBatches, "PostAgentBatch", OnPremAgents,
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
                new(200, "Applied: what changed in the mirror.", typeof(AgentBatchResponse)),
                new(400, "The body is not a valid batch, or Content-Digest is missing or does not match it.",
                    ProblemCodes: [ProblemCodes.InvalidJson, ProblemCodes.ValidationFailed, ProblemCodes.ContentDigestMissing, ProblemCodes.ContentDigestMismatch]),
                new(403, "The token is not an agent's, the agent is not bound, or an entry is outside its base DNs or UPN domains.",
                    ProblemCodes: [ProblemCodes.InsufficientRole, ProblemCodes.AgentNotBound, ProblemCodes.AgentEntryOutOfScope]),
                new(409, "The sequence is not newer than the agent's last applied batch (replay); lastSequence says where to continue.", ProblemCodes: [ProblemCodes.AgentSequenceNotNewer]),
                new(413, "More bytes than Agents:MaxBatchBytes or more entries than Agents:MaxBatchEntries.", ProblemCodes: [ProblemCodes.AgentBatchTooLarge]),
                new(415, "The body is not JSON.", ProblemCodes: [ProblemCodes.UnsupportedMediaType]),
            ],
            FunctionName: "PostAgentBatch",
            Gate: ApiEndpointGate.Handler,
            Handler: static (sp, call) => sp.GetRequiredService<AgentBatchHandler>().PostAsync(call.Request, call.CancellationToken)),
        new(
            "GET", ApiRoutes.Agents, "ListAgents", OnPremAgents,
            "List the on premises agents",
            "Each bound agent's freshness: last sync, last full pass, lag, whether it is stale (lookups over its entries then fail with AgentStale), " +
            "entry count, version, DC and uSNChanged high-water mark.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "Every agent.", typeof(AgentList))],
            FunctionName: "ListAgents",
            Handler: static (sp, call) => sp.GetRequiredService<AgentsHandler>().ListAsync(call.Request, call.CancellationToken)),
        new(
            "POST", ApiRoutes.Jobs, "SubmitJob", BulkJobs,
            "Submit a bulk job",
            "Sets, clears or assesses up to 50,000 users in one job. The whole input is validated first (malformed rows, the same user named twice, " +
            "more than the limit): any error answers 400 listing every offending row and nothing is queued. Otherwise 202 with the job and its Location. " +
            "Each user then runs the same workflow as the single-user call (every guardrail, the per-user lease, its own audit record with the job id and ticket), " +
            "at most at the app's shared Graph write budget. The body may also be text/csv with the header row user[,source,objectGuid,ticket] and " +
            "operation, dryRun, source, ticket and reason in the query string. A set job needs ImmutableId.Write and a clear job ImmutableId.Clear as well. " +
            "An assess job sent without users discovers its candidates: every cloud member user in a UPN domain the policy and your scope allow, with no immutable ID and not synced.",
            Role: AppRoles.Read,
            Visibility: "important",
            Parameters:
            [
                new("Prefer", ApiParameterLocation.Header, typeof(string), false, "Prefer",
                    "respond-async: Location is GET /api/jobs/{id}/status, which answers 202 until the job ends (Power Automate's asynchronous pattern: the action waits for the end).",
                    "internal"),
            ],
            RequestBody: typeof(JobRequestBody),
            RequestBodyRequired: true,
            Responses:
            [
                new(202, "Accepted: the job, queued.", typeof(JobView), Headers: new Dictionary<string, string>
                {
                    ["Location"] = "The job: GET it to follow progress. With Prefer: respond-async, the job's status monitor (GET /api/jobs/{id}/status).",
                    ["Retry-After"] = "With Prefer: respond-async: seconds to wait before polling Location.",
                }),
                new(400, "The input is not valid: 'errors' lists every offending row (row, code, detail, value); nothing was queued.",
                    ProblemCodes: [ProblemCodes.InvalidJobInput, ProblemCodes.MissingBody]),
                new(StatusCodes403, "A set job needs ImmutableId.Write, a clear job ImmutableId.Clear.", ProblemCodes: [ProblemCodes.InsufficientRole]),
                new(413, "The body is larger than 16 MiB.", ProblemCodes: [ProblemCodes.RequestTooLarge]),
                new(415, "The body is neither JSON nor CSV.", ProblemCodes: [ProblemCodes.UnsupportedMediaType]),
                new(502, "An assess job without users: Microsoft Graph refused to list users (permission User.Read.All missing). Nothing was queued.",
                    ProblemCodes: [nameof(GuardrailCode.UpstreamError)]),
                new(503, "Microsoft Graph throttled or was unavailable while listing users (an assess job without users), or the queue failed after the job was stored " +
                    "(the job is then cancelled: none of its users runs); retry after Retry-After seconds.",
                    ProblemCodes: [nameof(GuardrailCode.Throttled), nameof(GuardrailCode.UpstreamUnavailable), ProblemCodes.StorageUnavailable],
                    Headers: new Dictionary<string, string> { ["Retry-After"] = "Seconds to wait before retrying." }),
            ],
            RequiredBodyProperties: ["operation"],
            FunctionName: "SubmitJob",
            Handler: static (sp, call) => sp.GetRequiredService<JobsHandler>().PostAsync(call.Request, call.CancellationToken)),
        new(
            "GET", ApiRoutes.Jobs, "ListJobs", BulkJobs,
            "List your bulk jobs",
            "The jobs your app and principal submitted, newest first (at most 50), each with its progress.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "Your jobs.", typeof(JobList))],
            FunctionName: "ListJobs",
            Handler: static (sp, call) => sp.GetRequiredService<JobsHandler>().ListAsync(call.Request, call.CancellationToken)),
        new(
            "GET", ApiRoutes.Job, "GetJob", BulkJobs,
            "Get a bulk job",
            "The job's state (queued, running, paused while Graph's Retry-After runs, completed, cancelled, failed), users per outcome and per guardrail code, " +
            "the rate in users per second, the shared write budget in use, the estimated completion, and when it started and ended.",
            Role: AppRoles.Read,
            Visibility: "important",
            Parameters: [JobIdParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The job.", typeof(JobView)), .. JobLookupProblems],
            FunctionName: "GetJob",
            Handler: static (sp, call) => sp.GetRequiredService<JobsHandler>().GetAsync(call.Request, call.Route("id") ?? string.Empty, call.CancellationToken)),
        new(
            "GET", ApiRoutes.JobStatus, "GetJobStatus", BulkJobs,
            "Wait for a bulk job to end",
            "The job as a status monitor for the asynchronous pattern of Power Automate and Logic Apps: 202 with Location (this URL) and Retry-After " +
            "while the job is queued or running, 200 with the job once it is completed, cancelled or failed. GET /api/jobs/{id} answers 200 at any time.",
            Role: AppRoles.Read,
            Visibility: "internal",
            Parameters: [JobIdParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "The job has ended (completed, cancelled or failed).", typeof(JobView)),
                new(202, "The job is queued or running: poll Location after Retry-After seconds.", typeof(JobView), Headers: new Dictionary<string, string>
                {
                    ["Location"] = "This status monitor.",
                    ["Retry-After"] = "Seconds to wait before polling again.",
                }),
                .. JobLookupProblems,
            ],
            FunctionName: "GetJobStatus",
            Handler: static (sp, call) => sp.GetRequiredService<JobsHandler>().StatusAsync(call.Request, call.Route("id") ?? string.Empty, call.CancellationToken)),
        new(
            "DELETE", ApiRoutes.Job, "CancelJob", BulkJobs,
            "Cancel a bulk job",
            "Stops the job: no user that has not started will start (they end as cancelled); users in flight finish and keep their outcome. " +
            "Cancelling a finished job changes nothing. Answers the job.",
            Role: AppRoles.Read,
            Visibility: "important",
            Parameters: [JobIdParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The job, cancelled (or as it finished).", typeof(JobView)), .. JobLookupProblems],
            FunctionName: "CancelJob",
            Handler: static (sp, call) => sp.GetRequiredService<JobsHandler>().CancelAsync(call.Request, call.Route("id") ?? string.Empty, call.CancellationToken)),
        new(
            "GET", ApiRoutes.JobItems, "ListJobItems", BulkJobs,
            "List the users of a bulk job",
            "The job's users in submitted order with their outcome, guardrail codes, cloud id, AD DN, anchor and audit record id, filtered by outcome and code, " +
            "one page at a time: pass continuationToken (or follow nextLink) for the next page.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters:
            [
                JobIdParameter,
                .. JobItemFilters,
                new("pageSize", ApiParameterLocation.Query, typeof(int), false, "Page Size", "Users per page (default 100).", "advanced", Minimum: 1, Maximum: 1000),
                new("continuationToken", ApiParameterLocation.Query, typeof(string), false, "Continuation Token", "The previous page's continuationToken.", "internal"),
            ],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "One page of users.", typeof(JobItemPageView)), .. JobLookupProblems],
            FunctionName: "ListJobItems",
            PagedItems: "items",
            Handler: static (sp, call) => sp.GetRequiredService<JobsHandler>().ListItemsAsync(call.Request, call.Route("id") ?? string.Empty, call.CancellationToken)),
        new(
            "GET", ApiRoutes.JobItemsCsv, "GetJobItemsCsv", BulkJobs,
            "Get the users of a bulk job as CSV",
            "Every user of the job as text/csv (index, user, status, codes, cloudId, onPremDistinguishedName, anchor, operationId, ticket, attempts, " +
            "completedAt, detail), filtered like the JSON list: the readiness report to hand to a change board. Cells a caller chose never start a formula.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [JobIdParameter, .. JobItemFilters],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The users as text/csv, header row first.", MediaType: "text/csv"), .. JobLookupProblems],
            FunctionName: "GetJobItemsCsv",
            Handler: static (sp, call) => sp.GetRequiredService<JobsHandler>().ItemsCsvAsync(call.Request, call.Route("id") ?? string.Empty, call.CancellationToken)),
        new(
            "GET", ApiRoutes.JobReport, "GetJobReport", BulkJobs,
            "Get the readiness report of a bulk job",
            "The job's readiness report as one self-contained HTML page to open in a browser or attach to a change: users per outcome and per " +
            "guardrail code as bar charts, what each code means and what to do, and the users under each code. No script; every value is HTML-encoded.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [JobIdParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The report as text/html.", MediaType: "text/html"), .. JobLookupProblems],
            FunctionName: "GetJobReport",
            Handler: static (sp, call) => sp.GetRequiredService<JobsHandler>().ReportAsync(call.Request, call.Route("id") ?? string.Empty, call.CancellationToken)),
        new(
            "GET", ApiRoutes.Health, "GetHealth", Service,
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
            FunctionName: "Health",
            Gate: ApiEndpointGate.Anonymous,
            Handler: static (sp, call) => sp.GetRequiredService<HealthHandler>().HandleAsync(call.Request, call.CancellationToken)),
        new(
            "GET", ApiRoutes.OpenApiV3, "GetOpenApiV3Document", Service,
            "Get the OpenAPI 3 document",
            "This API described as OpenAPI 3.0, for REST clients, API Management and ServiceNow IntegrationHub. Anonymous.",
            Role: null,
            Visibility: "internal",
            Parameters: [],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The OpenAPI 3.0 document (JSON).", typeof(object))],
            FunctionName: "OpenApiV3",
            Gate: ApiEndpointGate.Anonymous,
            Handler: static (sp, call) => sp.GetRequiredService<OpenApiHandler>().HandleV3Async(call.Request, call.CancellationToken)),
        new(
            "GET", ApiRoutes.OpenApiV2, "GetOpenApiV2Document", Service,
            "Get the Swagger 2 document",
            "This API described as Swagger 2.0 (OpenAPI 2.0), for Power Automate and Power Apps custom connectors. Anonymous.",
            Role: null,
            Visibility: "internal",
            Parameters: [],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The Swagger 2.0 document (JSON).", typeof(object))],
            FunctionName: "OpenApiV2",
            Gate: ApiEndpointGate.Anonymous,
            Handler: static (sp, call) => sp.GetRequiredService<OpenApiHandler>().HandleV2Async(call.Request, call.CancellationToken)),
    ];
}
