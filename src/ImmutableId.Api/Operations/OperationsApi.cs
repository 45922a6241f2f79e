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

namespace ImmutableId.Api.Operations;

/// <summary>The Operations feature's endpoints: route, role, gate, OpenAPI metadata and handler, declared once.</summary>
public static class OperationsApi
{
    /// <summary><c>GET</c>: one audit record by operation id.</summary>
    public const string OperationRoute = "operations/{id}";

    /// <summary><c>GET</c>: audit records filtered by <c>upn</c>, <c>ticket</c>, <c>from</c>, <c>to</c>, paged by <c>continuationToken</c>.</summary>
    public const string Route = "operations";

    /// <summary><c>GET</c> GetOperation.</summary>
    public static ApiEndpoint<OperationsHandler> Get { get; } = new(
        new ApiOperationDescription(
            "GET", OperationsApi.OperationRoute, "GetOperation", ApiDescription.Audit,
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
            ]
        ),
        static (handler, call) => handler.GetAsync(call.Request, call.Route("id") ?? string.Empty, call.RequiredCaller, call.CancellationToken));

    /// <summary><c>GET</c> ListOperations.</summary>
    public static ApiEndpoint<OperationsHandler> List { get; } = new(
        new ApiOperationDescription(
            "GET", OperationsApi.Route, "ListOperations", ApiDescription.Audit,
            "List audit records",
            "Audit records newest first, filtered by UPN, ticket and time range (all optional, combined with AND), one page at a time: " +
            "pass continuationToken (or follow nextLink) for the next page.",
            Role: AppRoles.Read,
            Visibility: "advanced",
            Parameters:
            [
                new("upn", ApiParameterLocation.Query, typeof(string), false, "UPN", "Only records whose target UPN is this (case-insensitive).", "important", MaxLength: 256),
                new("ticket", ApiParameterLocation.Query, typeof(string), false, "Ticket", "Only records with this ticket reference.", "important", MaxLength: TicketReference.MaxLength),
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
            PagedItems: "items"
        ),
        static (handler, call) => handler.ListAsync(call.Request, call.RequiredCaller, call.CancellationToken));

    /// <summary>This feature's endpoints, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } = [Get, List];
}
