using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Operations;
using ImmutableId.Api.Sync;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Tickets;

namespace ImmutableId.Api.ImmutableIds;

/// <summary>The ImmutableIds feature's endpoints: route, role, gate, OpenAPI metadata and handler, declared once.</summary>
public static class ImmutableIdsApi
{
    /// <summary><c>GET</c> status, <c>PUT</c> set (hard match), <c>DELETE</c> clear of one user's onPremisesImmutableId.</summary>
    public const string Route = "users/{" + ApiRoutes.UserParameter + "}/immutable-id";

    internal static readonly ApiParameterDescription UserParameter = new(
        ApiRoutes.UserParameter, ApiParameterLocation.Path, typeof(string), true, "User",
        "The user's UPN (adele.vance@contoso.com) or on-prem objectGUID (35918bc9-196d-40ea-9779-889d79b753f0).",
        "important", MaxLength: UserKey.MaxLength);

    internal static readonly ApiParameterDescription DryRunParameter = new(
        "dryRun", ApiParameterLocation.Query, typeof(bool), false, "Dry Run",
        "true: run every check and answer the exact change without writing anything.", "important");

    internal static readonly ApiParameterDescription TicketQueryParameter = new(
        "ticket", ApiParameterLocation.Query, typeof(string), false, "Ticket",
        "The ITSM ticket reference recorded in the audit record (e.g. CHG0042).", "important",
        MaxLength: TicketReference.MaxLength);

    internal static readonly ApiParameterDescription ReasonQueryParameter = new(
        "reason", ApiParameterLocation.Query, typeof(string), false, "Reason",
        "Why the immutable ID is cleared, recorded in the audit record.", "advanced",
        MaxLength: ImmutableIdHandler.MaxReasonLength);

    internal static readonly ApiParameterDescription IdempotencyKeyParameter = new(
        WriteGuard.IdempotencyKeyHeader, ApiParameterLocation.Header, typeof(string), false, "Idempotency Key",
        "Recommended for retries: a unique value (e.g. a UUID) per intended write. The same key with the same request answers the first response " +
        "again; with a different request 422; while the first is still running 409.", "advanced", MaxLength: WriteGuard.MaxKeyLength);

    internal static readonly ApiParameterDescription TicketHeaderParameter = new(
        ImmutableIdHandler.TicketHeader, ApiParameterLocation.Header, typeof(string), false, "Ticket ID",
        "The ITSM ticket reference recorded in the audit record (e.g. INC0012345). A ticket in the body wins.", "advanced",
        MaxLength: TicketReference.MaxLength);

    internal static readonly IReadOnlyDictionary<string, string> WriteHeaders = new Dictionary<string, string>
    {
        [WriteGuard.OperationIdHeader] = "The audit record's id: GET /api/operations/{id}.",
        [WriteGuard.ReplayedHeader] = "true when this is the stored answer to an earlier request with the same Idempotency-Key.",
    };

    /// <summary>A refused write that reached the audit log says which record holds it.</summary>
    internal static readonly IReadOnlyDictionary<string, string> RefusalHeaders = new Dictionary<string, string>
    {
        [WriteGuard.OperationIdHeader] = "The audit record of this refused attempt: GET /api/operations/{id}. Absent when the request was refused before any record (e.g. IdempotencyKeyInProgress).",
    };

    internal static readonly string[] Warnings = [nameof(GuardrailCode.AnchorSourceMismatch), nameof(GuardrailCode.AlreadyMatched), nameof(GuardrailCode.NothingToClear)];

    /// <summary>The guardrail problems per status, from the one table that maps codes to statuses (<see cref="HardMatchProblems"/>).</summary>
    internal static IEnumerable<ApiResponseDescription> GuardrailResponses(int[] statuses, bool write = false) =>
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

    internal static IEnumerable<ApiResponseDescription> WriteInputResponses(string[] codes) =>
    [
        new(400, "The user, query, body or a header is not valid; nothing was read or written.",
            ProblemCodes: ["InvalidUser", ProblemCodes.ValidationFailed, ProblemCodes.InvalidJson, ProblemCodes.InvalidIdempotencyKey, .. codes]),
        new(413, "The body is larger than 64 KiB.", ProblemCodes: [ProblemCodes.RequestTooLarge]),
        new(415, "The body is not JSON.", ProblemCodes: [ProblemCodes.UnsupportedMediaType]),
    ];

    /// <summary><c>GET</c> GetImmutableIdStatus.</summary>
    public static ApiEndpoint<ImmutableIdHandler> Status { get; } = ApiEndpoint.Answering<ImmutableIdHandler, ImmutableIdResponse>(
        new ApiOperationDescription(
            "GET", ImmutableIdsApi.Route, "GetImmutableIdStatus", ApiDescription.Users,
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
                new(200, "Both sides, the match state and the blockers a set would hit."),
                new(400, "The user is neither a UPN nor an objectGUID.", ProblemCodes: ["InvalidUser"]),
                .. GuardrailResponses([404, 502, 503]),
            ]
        ),
        StatusAsync);

    /// <summary><c>PUT</c> SetImmutableId.</summary>
    public static ApiEndpoint<ImmutableIdHandler> Set { get; } = ApiEndpoint.Answering<ImmutableIdHandler, ImmutableIdResponse>(
        new ApiOperationDescription(
            "PUT", ImmutableIdsApi.Route, "SetImmutableId", ApiDescription.Users,
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
                new(200, "Written (outcome succeeded; see verified), planned (dry run) or noChange (already matched).", Headers: WriteHeaders),
                .. WriteInputResponses(["InvalidSource", "InvalidObjectGuid"]),
                .. GuardrailResponses([403, 404, 409, 422, 502, 503], write: true),
            ],
            Gate: ApiEndpointGate.Write,
            WriteOperation: AuditOperation.Set
        ),
        SetAsync);

    /// <summary><c>DELETE</c> ClearImmutableId.</summary>
    public static ApiEndpoint<ImmutableIdHandler> Clear { get; } = ApiEndpoint.Answering<ImmutableIdHandler, ImmutableIdResponse>(
        new ApiOperationDescription(
            "DELETE", ImmutableIdsApi.Route, "ClearImmutableId", ApiDescription.Users,
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
                new(200, "Cleared (outcome succeeded; see verified), planned (dry run) or noChange (nothing to clear).", Headers: WriteHeaders),
                .. WriteInputResponses([]),
                .. GuardrailResponses([403, 404, 409, 422, 502, 503], write: true),
            ],
            Gate: ApiEndpointGate.Write,
            WriteOperation: AuditOperation.Clear
        ),
        ClearAsync);

    /// <summary>This feature's endpoints, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } = [Status, Set, Clear];

    // Binding: each endpoint reads its declared values from the request (the first invalid one is the answer) and calls
    // its handler with them. Declared after the endpoints they bind for, and run only once a request comes in.

    private static Task<ApiAnswer<ImmutableIdResponse>> StatusAsync(ImmutableIdHandler handler, ApiCall call)
    {
        var bind = new ApiBinder(call, Status.Description);
        var user = bind.User(UserParameter);
        return bind.Problem is { } problem
            ? Task.FromResult(ApiAnswer<ImmutableIdResponse>.Refused(problem))
            : handler.StatusAsync(user!, call.RequiredCaller, call.Request.HttpContext, call.CancellationToken);
    }

    private static Task<ApiAnswer<ImmutableIdResponse>> SetAsync(ImmutableIdHandler handler, ApiCall call)
    {
        var bind = new ApiBinder(call, Set.Description);
        var user = bind.User(UserParameter);
        var dryRun = bind.Flag(DryRunParameter);
        var body = bind.OptionalBody(NoSetBody);
        var ticketOutsideBody = bind.TicketOutsideBody();
        return bind.Problem is { } problem
            ? Task.FromResult(ApiAnswer<ImmutableIdResponse>.Refused(problem))
            : handler.SetAsync(user!, dryRun, body, ticketOutsideBody, call.RequiredOperation, call.Request.HttpContext, call.CancellationToken);
    }

    private static Task<ApiAnswer<ImmutableIdResponse>> ClearAsync(ImmutableIdHandler handler, ApiCall call)
    {
        var bind = new ApiBinder(call, Clear.Description);
        var user = bind.User(UserParameter);
        var dryRun = bind.Flag(DryRunParameter);
        // Documented: ?ticket= and ?reason= (a DELETE needs no body); a body and X-Ticket-Id are still accepted, and a body's values win.
        var body = bind.OptionalBody(NoClearBody);
        var ticket = body.Ticket ?? bind.TicketOutsideBody();
        var reason = body.Reason ?? bind.Text(ReasonQueryParameter);
        return bind.Problem is { } problem
            ? Task.FromResult(ApiAnswer<ImmutableIdResponse>.Refused(problem))
            : handler.ClearAsync(user!, dryRun, ticket, reason, call.RequiredOperation, call.Request.HttpContext, call.CancellationToken);
    }

    private static readonly SetImmutableIdBody NoSetBody = new(null, null, null, null, null);

    private static readonly ClearImmutableIdBody NoClearBody = new(null, null);
}
