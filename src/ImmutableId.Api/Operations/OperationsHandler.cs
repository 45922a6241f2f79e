using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
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
    /// <param name="operationId">The record's id, bound from the route.</param>
    /// <param name="caller">The caller the auth step admitted (it sees only records in its scope).</param>
    /// <param name="http">The request, for its problem details (instance, trace id) only.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<AuditRecord>> GetAsync(Guid operationId, ApiCaller caller, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(http);
        var record = await auditLog.GetAsync(operationId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return ApiAnswer<AuditRecord>.Refused(ApiProblem.Create(http, StatusCodes.Status404NotFound, ProblemCodes.OperationNotFound,
                "Operation not found", $"No audit record has the id {operationId}. List records with GET /api/operations?upn=… or ?ticket=…."));
        }

        if (!Visible(caller, record))
        {
            return ApiAnswer<AuditRecord>.Refused(ApiProblem.Create(http, StatusCodes.Status403Forbidden, ProblemCodes.OutOfCallerScope,
                "Target outside your scope", "This audit record is about a user outside the domains or OUs your application may see. Ask an administrator to widen Auth:CallerScopes if this is intended."));
        }

        if (record.Outcome == AuditOutcome.Pending && AuditReconcilers.TryCreate(services) is { } reconciler)
        {
            record = await reconciler.ReconcileAsync(record, cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    /// <summary>One page of the records <paramref name="query"/> asks for, newest first.</summary>
    /// <param name="query">The filters and page, bound from the query string.</param>
    /// <param name="caller">The caller the auth step admitted (it sees only records in its scope).</param>
    /// <param name="nextLink">The absolute link to the page after, for a continuation token.</param>
    /// <param name="http">The request, for its problem details (instance, trace id) only.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<OperationPage>> ListAsync(AuditQuery query, ApiCaller caller, Func<string, string> nextLink, HttpContext http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(nextLink);
        ArgumentNullException.ThrowIfNull(http);
        AuditPage page;
        try
        {
            page = await auditLog.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException) when (query.ContinuationToken is not null)
        {
            return ApiAnswer<OperationPage>.Refused(ApiProblem.Create(http, StatusCodes.Status400BadRequest, ProblemCodes.InvalidContinuationToken, "Invalid continuation token",
                "The continuationToken is not one this API issued; start again without it."));
        }

        var next = page.ContinuationToken is null ? null : nextLink(page.ContinuationToken);

        // A scoped caller sees only records about users in its scope (a page may then hold fewer than pageSize).
        var records = page.Records.Where(r => Visible(caller, r)).ToList();
        return new OperationPage(records, page.ContinuationToken, next);
    }

    private static bool Visible(ApiCaller caller, AuditRecord record)
    {
        var scope = caller.Scope;
        return scope is null || scope.IsUnrestricted ||
            (scope.PermitsUpn(record.Target.UserPrincipalName) && scope.PermitsDistinguishedName(record.Target.OnPremDistinguishedName));
    }
}
