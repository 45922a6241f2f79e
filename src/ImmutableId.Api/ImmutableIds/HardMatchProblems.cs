using System.Globalization;
using ImmutableId.Api.Http;
using ImmutableId.Core.HardMatch;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.ImmutableIds;

/// <summary>
/// The one place a refused or failed operation becomes an HTTP problem. The answer's status comes from the most
/// severe blocker (503 > 502 > 404 > 403 > 409 > 422); <c>code</c> is that blocker's code, <c>blockers</c> lists all.
/// </summary>
public static class HardMatchProblems
{
    /// <summary>Status, in precedence order, and a title for each code that refuses.</summary>
    private static readonly Dictionary<GuardrailCode, (int Status, string Title)> Table = new()
    {
        [GuardrailCode.Throttled] = (StatusCodes.Status503ServiceUnavailable, "Microsoft Graph is throttling"),
        [GuardrailCode.UpstreamUnavailable] = (StatusCodes.Status503ServiceUnavailable, "A directory is unavailable"),
        [GuardrailCode.AgentStale] = (StatusCodes.Status503ServiceUnavailable, "The on-prem agent's data is stale"),
        [GuardrailCode.UpstreamError] = (StatusCodes.Status502BadGateway, "A directory refused the request"),
        [GuardrailCode.OnPremUserNotFound] = (StatusCodes.Status404NotFound, "On-prem user not found"),
        [GuardrailCode.CloudUserNotFound] = (StatusCodes.Status404NotFound, "Cloud user not found"),
        [GuardrailCode.OutOfCallerScope] = (StatusCodes.Status403Forbidden, "Target outside your scope"),
        [GuardrailCode.PrivilegedTarget] = (StatusCodes.Status403Forbidden, "The cloud user holds a directory role"),
        [GuardrailCode.ProtectedOnPremAccount] = (StatusCodes.Status403Forbidden, "The AD account is protected (adminCount=1)"),
        [GuardrailCode.OutOfScope] = (StatusCodes.Status403Forbidden, "The user is outside the API's scope"),
        [GuardrailCode.UserBusy] = (StatusCodes.Status409Conflict, "Another write for this user is running"),
        [GuardrailCode.CloudUserSynced] = (StatusCodes.Status409Conflict, "The cloud user is already synced"),
        [GuardrailCode.CloudUserLinked] = (StatusCodes.Status409Conflict, "The cloud user was linked to an AD object before"),
        [GuardrailCode.ImmutableIdAlreadySet] = (StatusCodes.Status409Conflict, "The cloud user already has a different immutable ID"),
        [GuardrailCode.AnchorInUse] = (StatusCodes.Status409Conflict, "Another cloud user holds this anchor"),
        [GuardrailCode.AmbiguousOnPremUser] = (StatusCodes.Status409Conflict, "More than one AD user matched"),
        [GuardrailCode.FederatedDomain] = (StatusCodes.Status422UnprocessableEntity, "The UPN's domain is federated"),
        [GuardrailCode.OnPremAccountDisabled] = (StatusCodes.Status422UnprocessableEntity, "The AD account is disabled"),
        [GuardrailCode.GuestUser] = (StatusCodes.Status422UnprocessableEntity, "The cloud user is a guest"),
        [GuardrailCode.ObjectGuidMismatch] = (StatusCodes.Status422UnprocessableEntity, "The objectGuid sent is not the user's"),
        [GuardrailCode.AnchorSourceUnavailable] = (StatusCodes.Status422UnprocessableEntity, "The requested anchor source is not set"),
    };

    private static readonly GuardrailCode[] Order = [.. Table.Keys];

    private static readonly int[] Precedence =
    [
        StatusCodes.Status503ServiceUnavailable,
        StatusCodes.Status502BadGateway,
        StatusCodes.Status404NotFound,
        StatusCodes.Status403Forbidden,
        StatusCodes.Status409Conflict,
        StatusCodes.Status422UnprocessableEntity,
    ];

    /// <summary>The HTTP status a blocker with <paramref name="code"/> answers with.</summary>
    public static int StatusOf(GuardrailCode code) => Table.TryGetValue(code, out var entry) ? entry.Status : StatusCodes.Status422UnprocessableEntity;

    /// <summary>The problem for a result that holds at least one blocker.</summary>
    public static IResult Create(HttpContext context, HardMatchResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var blockers = result.Blockers;
        if (blockers.Count == 0)
        {
            throw new ArgumentException("The result holds no blocker.", nameof(result));
        }

        // The most severe status leads; within one status, the order of the table (e.g. PrivilegedTarget first).
        var primary = blockers
            .OrderBy(b => Array.IndexOf(Precedence, StatusOf(b.Code)))
            .ThenBy(b => Array.IndexOf(Order, b.Code))
            .First();
        var (status, title) = Table.TryGetValue(primary.Code, out var entry) ? entry : (StatusCodes.Status422UnprocessableEntity, "Refused");
        var detail = blockers.Count == 1
            ? primary.Detail
            : $"{primary.Detail} ({blockers.Count - 1} more blocker{(blockers.Count > 2 ? "s" : string.Empty)}: {string.Join(", ", blockers.Where(b => b != primary).Select(b => b.Code))}; see blockers.)";
        var extensions = new Dictionary<string, object?>
        {
            ["blockers"] = blockers.Select(b => new ImmutableIdResponse.CodeView(b.Code.ToString(), b.Detail)).ToArray(),
            ["warnings"] = result.Warnings.Select(w => new ImmutableIdResponse.CodeView(w.Code.ToString(), w.Detail)).ToArray(),
            ["operation"] = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(result.Operation.ToString()),
            ["dryRun"] = result.DryRun,
            ["user"] = result.User.ToString(),
            ["written"] = false,
        };
        if (result.GraphRequestId is { } requestId)
        {
            extensions["graphRequestId"] = requestId;
        }

        if (primary.Code == GuardrailCode.OutOfCallerScope)
        {
            // Nothing about a user outside the caller's scope: not the other blockers, not its warnings.
            extensions["blockers"] = new[] { new ImmutableIdResponse.CodeView(primary.Code.ToString(), primary.Detail) };
            extensions["warnings"] = Array.Empty<ImmutableIdResponse.CodeView>();
            extensions.Remove("graphRequestId");
        }

        var problem = ApiProblem.Create(context, status, primary.Code.ToString(), title, detail, extensions);
        if (status != StatusCodes.Status503ServiceUnavailable && primary.Code != GuardrailCode.UserBusy)
        {
            return problem;
        }

        var seconds = (int)Math.Ceiling(Math.Clamp((result.RetryAfter ?? TimeSpan.FromSeconds(5)).TotalSeconds, 1, 3600));
        return new RetryAfterResult(problem, seconds);
    }
}
