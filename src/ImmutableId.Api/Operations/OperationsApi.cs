using System.Globalization;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Sync;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Tickets;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Operations;

/// <summary>The Operations feature's endpoints: route, role, gate, OpenAPI metadata and handler, declared once.</summary>
public static class OperationsApi
{
    /// <summary><c>GET</c>: one audit record by operation id.</summary>
    public const string OperationRoute = "operations/{id}";

    /// <summary><c>GET</c>: audit records filtered by <c>upn</c>, <c>ticket</c>, <c>from</c>, <c>to</c>, paged by <c>continuationToken</c>.</summary>
    public const string Route = "operations";

    internal static readonly ApiParameterDescription IdParameter =
        new("id", ApiParameterLocation.Path, typeof(Guid), true, "Operation ID", "The operation id returned in X-Operation-Id by a set or clear.", "important");

    internal static readonly ApiParameterDescription UpnParameter =
        new("upn", ApiParameterLocation.Query, typeof(string), false, "UPN", "Only records whose target UPN is this (case-insensitive).", "important", MaxLength: 256);

    internal static readonly ApiParameterDescription TicketParameter =
        new("ticket", ApiParameterLocation.Query, typeof(string), false, "Ticket", "Only records with this ticket reference.", "important", MaxLength: TicketReference.MaxLength);

    internal static readonly ApiParameterDescription FromParameter =
        new("from", ApiParameterLocation.Query, typeof(DateTimeOffset), false, "From", "Only records at or after this instant (ISO 8601 with offset, e.g. 2026-11-27T00:00:00Z).", "advanced");

    internal static readonly ApiParameterDescription ToParameter =
        new("to", ApiParameterLocation.Query, typeof(DateTimeOffset), false, "To", "Only records before this instant.", "advanced");

    internal static readonly ApiParameterDescription PageSizeParameter =
        new("pageSize", ApiParameterLocation.Query, typeof(int), false, "Page Size", $"Records per page (default {AuditQuery.DefaultPageSize}).", "advanced",
            Minimum: 1, Maximum: AuditQuery.MaxPageSize);

    internal static readonly ApiParameterDescription ContinuationTokenParameter =
        new("continuationToken", ApiParameterLocation.Query, typeof(string), false, "Continuation Token", "The previous page's continuationToken.", "internal");

    /// <summary><c>GET</c> GetOperation.</summary>
    public static ApiEndpoint<OperationsHandler> Get { get; } = ApiEndpoint.Answering<OperationsHandler, AuditRecord>(
        new ApiOperationDescription(
            "GET", OperationsApi.OperationRoute, "GetOperation", ApiDescription.Audit,
            "Get one audit record",
            "One set or clear attempt (real, dry run or refused) by its operation id (the X-Operation-Id header of the write): caller, ticket, " +
            "target, before/after, every guardrail verdict, outcome and whether the read-back verified it.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [IdParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "The audit record."),
                new(400, "The id is not a GUID.", ProblemCodes: [ProblemCodes.InvalidOperationId]),
                new(404, "No audit record has this id.", ProblemCodes: [ProblemCodes.OperationNotFound]),
            ]
        ),
        GetAsync);

    /// <summary><c>GET</c> ListOperations.</summary>
    public static ApiEndpoint<OperationsHandler> List { get; } = ApiEndpoint.Answering<OperationsHandler, OperationPage>(
        new ApiOperationDescription(
            "GET", OperationsApi.Route, "ListOperations", ApiDescription.Audit,
            "List audit records",
            "Audit records newest first, filtered by UPN, ticket and time range (all optional, combined with AND), one page at a time: " +
            "pass continuationToken (or follow nextLink) for the next page.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters: [UpnParameter, TicketParameter, FromParameter, ToParameter, PageSizeParameter, ContinuationTokenParameter],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses:
            [
                new(200, "One page of records, and where to read the next."),
                new(400, "A filter is not valid, or the continuation token is not one this API issued.",
                    ProblemCodes: [ProblemCodes.ValidationFailed, ProblemCodes.InvalidContinuationToken]),
            ],
            PagedItems: "items"
        ),
        ListAsync);

    /// <summary>This feature's endpoints, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } = [Get, List];

    private static Task<ApiAnswer<AuditRecord>> GetAsync(OperationsHandler handler, ApiCall call)
    {
        var bind = new ApiBinder(call, Get.Description);
        var id = bind.Id(IdParameter, http => ApiProblem.Create(http, StatusCodes.Status400BadRequest, ProblemCodes.InvalidOperationId, "Invalid operation id",
            "The operation id is the GUID returned as operationId by a set or clear (e.g. 0196d4c5-8f2a-7b3c-9d4e-5f6a7b8c9d0e)."));
        return bind.Problem is { } problem
            ? Task.FromResult(ApiAnswer<AuditRecord>.Refused(problem))
            : handler.GetAsync(id!.Value, call.RequiredCaller, call.Request.HttpContext, call.CancellationToken);
    }

    private static Task<ApiAnswer<OperationPage>> ListAsync(OperationsHandler handler, ApiCall call)
    {
        var bind = new ApiBinder(call, List.Description);
        var upn = bind.Joined(UpnParameter);
        var ticket = bind.Joined(TicketParameter);
        var query = ListQuery(call.Request.HttpContext, upn, ticket, bind.Joined(FromParameter), bind.Joined(ToParameter), bind.Joined(PageSizeParameter),
            bind.Joined(ContinuationTokenParameter), out var invalid);
        return invalid is not null
            ? Task.FromResult(ApiAnswer<OperationPage>.Refused(invalid))
            : handler.ListAsync(query!, call.RequiredCaller, token => ApiLinks.NextPage(call.Request, token), call.Request.HttpContext, call.CancellationToken);
    }

    /// <summary>The audit query the list's parameters ask for, or the problem naming the first one that is not valid.</summary>
    private static AuditQuery? ListQuery(HttpContext http, string? upn, string? ticket, string? fromText, string? toText, string? sizeText, string? token, out IResult? invalid)
    {
        invalid = null;
        if (upn is { Length: > 256 } || ticket is { Length: > 128 })
        {
            invalid = InvalidQuery(http, "upn is at most 256 characters and ticket at most 128.");
            return null;
        }

        if (!TryTime(fromText, out var from) || !TryTime(toText, out var to))
        {
            invalid = InvalidQuery(http, "from and to are ISO 8601 instants with an offset, e.g. 2026-11-27T00:00:00Z.");
            return null;
        }

        if (from is not null && to is not null && from >= to)
        {
            invalid = InvalidQuery(http, "from must be before to (from is inclusive, to exclusive).");
            return null;
        }

        var pageSize = AuditQuery.DefaultPageSize;
        if (sizeText is not null &&
            (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > AuditQuery.MaxPageSize))
        {
            invalid = InvalidQuery(http, $"pageSize is a whole number from 1 to {AuditQuery.MaxPageSize}.");
            return null;
        }

        return new AuditQuery(upn, ticket, from, to, pageSize, token);
    }

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    private static IResult InvalidQuery(HttpContext http, string detail) =>
        ApiProblem.Create(http, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Invalid query", detail);
}
