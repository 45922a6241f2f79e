using System.Globalization;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Http;
using ImmutableId.Core.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Api.Operations;

/// <summary>
/// <c>GET /api/operations/{id}</c> and <c>GET /api/operations?upn=&amp;ticket=&amp;from=&amp;to=&amp;pageSize=&amp;continuationToken=</c>:
/// the audit records. Reading a pending record whose request died resolves it first (reconciliation).
/// </summary>
public sealed class OperationsHandler(IAuditLog auditLog, IServiceProvider services)
{
    /// <summary>One record by operation id.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string id, ApiCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Guid.TryParse(id, out var operationId))
        {
            return ApiProblem.Create(request.HttpContext, StatusCodes.Status400BadRequest, ProblemCodes.InvalidOperationId,
                "Invalid operation id", "The operation id is the GUID returned as operationId by a set or clear (e.g. 0196d4c5-8f2a-7b3c-9d4e-5f6a7b8c9d0e).");
        }

        var record = await auditLog.GetAsync(operationId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return ApiProblem.Create(request.HttpContext, StatusCodes.Status404NotFound, ProblemCodes.OperationNotFound,
                "Operation not found", $"No audit record has the id {operationId}. List records with GET /api/operations?upn=… or ?ticket=….");
        }

        if (!Visible(caller, record))
        {
            return ApiProblem.Create(request.HttpContext, StatusCodes.Status403Forbidden, ProblemCodes.OutOfCallerScope,
                "Target outside your scope", "This audit record is about a user outside the domains or OUs your application may see. Ask an administrator to widen Auth:CallerScopes if this is intended.");
        }

        if (record.Outcome == AuditOutcome.Pending && AuditReconcilers.TryCreate(services) is { } reconciler)
        {
            record = await reconciler.ReconcileAsync(record, cancellationToken).ConfigureAwait(false);
        }

        return Results.Json(record, ApiJson.Options);
    }

    /// <summary>Records filtered by UPN, ticket and time range, newest first, one page at a time.</summary>
    public async Task<IResult> ListAsync(HttpRequest request, ApiCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var q = request.Query;
        var upn = Single(q, "upn");
        var ticket = Single(q, "ticket");
        if (upn is { Length: > 256 } || ticket is { Length: > 128 })
        {
            return Invalid(context, "upn is at most 256 characters and ticket at most 128.");
        }

        if (!TryTime(Single(q, "from"), out var from) || !TryTime(Single(q, "to"), out var to))
        {
            return Invalid(context, "from and to are ISO 8601 instants with an offset, e.g. 2026-11-27T00:00:00Z.");
        }

        if (from is not null && to is not null && from >= to)
        {
            return Invalid(context, "from must be before to (from is inclusive, to exclusive).");
        }

        var pageSize = AuditQuery.DefaultPageSize;
        if (Single(q, "pageSize") is { } sizeText &&
            (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > AuditQuery.MaxPageSize))
        {
            return Invalid(context, $"pageSize is a whole number from 1 to {AuditQuery.MaxPageSize}.");
        }

        var token = Single(q, "continuationToken");
        AuditPage page;
        try
        {
            page = await auditLog.QueryAsync(new AuditQuery(upn, ticket, from, to, pageSize, token), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException) when (token is not null)
        {
            return ApiProblem.Create(context, StatusCodes.Status400BadRequest, ProblemCodes.InvalidContinuationToken, "Invalid continuation token",
                "The continuationToken is not one this API issued; start again without it.");
        }

        var next = page.ContinuationToken is null ? null : ApiLinks.NextPage(request, page.ContinuationToken);

        // A scoped caller sees only records about users in its scope (a page may then hold fewer than pageSize).
        var records = page.Records.Where(r => Visible(caller, r)).ToList();
        return Results.Json(new OperationPage(records, page.ContinuationToken, next), ApiJson.Options);
    }

    private static bool Visible(ApiCaller caller, AuditRecord record)
    {
        var scope = caller.Scope;
        return scope is null || scope.IsUnrestricted ||
            (scope.PermitsUpn(record.Target.UserPrincipalName) && scope.PermitsDistinguishedName(record.Target.OnPremDistinguishedName));
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString().Trim() : null;

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

    private static IResult Invalid(HttpContext context, string detail) =>
        ApiProblem.Create(context, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Invalid query", detail);
}
