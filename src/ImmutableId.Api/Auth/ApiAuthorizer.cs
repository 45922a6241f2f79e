using System.Security.Claims;
using ImmutableId.Api.Http;
using ImmutableId.Core.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ImmutableId.Api.Agents;

namespace ImmutableId.Api.Auth;

/// <summary>
/// The one place that decides who may call what, for both hosts: the auth step of <see cref="ApiAdmission"/>, which
/// <see cref="Endpoints.ApiEndpointPipeline"/> runs before every endpoint declared with a role (rate limits are the next step). Health and the OpenAPI documents never go through it.
/// 401 (no or bad token) and 403 (missing role, out of the caller's scope) follow RFC 6750, as problem+json.
/// </summary>
public sealed partial class ApiAuthorizer
{
    private const string Realm = "ImmutableId";
    private readonly ITokenValidator _validator;
    private readonly AuthOptions _options;
    private readonly ILogger<ApiAuthorizer> _logger;

    internal ApiAuthorizer(ITokenValidator validator, IOptions<AuthOptions> options, ILogger<ApiAuthorizer> logger)
    {
        _validator = validator;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Authenticates the request's bearer token and checks <paramref name="requiredRole"/>. The caller's scope is not
    /// checked here: it applies to the resolved user, whatever name was used, so the workflow checks it on the user it
    /// resolved. On success the caller is returned (the next steps take it as a value) and set as <c>HttpContext.User</c> (for logging).
    /// </summary>
    public async Task<ApiAuthorization> AuthorizeAsync(HttpContext context, string requiredRole, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(requiredRole);

        if (!TryGetBearerToken(context.Request, out var token))
        {
            return Deny(Unauthorized(context, $"Bearer realm=\"{Realm}\"", ProblemCodes.AuthenticationRequired,
                "Authentication required",
                _options.Sandbox
                    ? "Send a sandbox token: get one with POST /_sandbox/token (body optional: {\"roles\":[\"ImmutableId.Read\"]}) and send Authorization: Bearer <access_token>."
                    : "Send an Entra ID access token for this API: Authorization: Bearer <token> (see docs/security.md)."));
        }

        if (!IsCompactJws(token))
        {
            var detail = token.StartsWith('{')
                ? "The bearer token is a JSON document (the whole token answer?), not a JWT: send only the access_token value after 'Bearer '."
                : "The bearer token is not a well-formed signed JWT (three base64url parts separated by dots); encrypted (JWE) or opaque tokens are not accepted. " +
                  (_options.Sandbox ? "Get a sandbox token with POST /_sandbox/token and send its access_token." : "Send an Entra ID access token for this API.");
            return Deny(Unauthorized(context,
                $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"{HeaderSafe(detail)}\"",
                ProblemCodes.InvalidToken, "Invalid token", detail));
        }

        var check = await _validator.ValidateAsync(token, cancellationToken).ConfigureAwait(false);
        if (check.Unavailable)
        {
            return Deny(ApiProblem.Create(context, StatusCodes.Status503ServiceUnavailable, ProblemCodes.AuthenticationUnavailable,
                "Token validation unavailable", check.Error!));
        }

        if (check.Identity is null)
        {
            return Deny(Unauthorized(context,
                $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"{HeaderSafe(check.Error!)}\"",
                ProblemCodes.InvalidToken, "Invalid token", check.Error!));
        }

        var identity = check.Identity;
        var caller = ToCaller(identity);
        if (caller is null)
        {
            return Deny(Unauthorized(context,
                $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"The token has no app id or object id.\"",
                ProblemCodes.InvalidToken, "Invalid token", "The token has no app id (appid/azp) or object id (oid): use an Entra ID access token."));
        }

        if (!caller.Identity.AppOnly && !HasAcceptedScope(identity))
        {
            LogForbidden(_logger, caller.Identity.AppId, requiredRole, "scope");
            return Deny(caller, ProblemCodes.InsufficientScope, $"The caller's delegated token lacks this API's scope for {requiredRole}.", Forbidden(context, requiredRole, ProblemCodes.InsufficientScope, "Delegated scope missing",
                $"A delegated (user) token must carry the scope {string.Join(" or ", _options.AcceptedScopes)} of this API; request it when you sign the user in."));
        }

        if (requiredRole != AppRoles.Agent && caller.Roles.Contains(AppRoles.Agent))
        {
            // The agent's identity sits on a server on-prem: if it leaks, it must not be able to read or write users.
            LogForbidden(_logger, caller.Identity.AppId, requiredRole, "agent token");
            return Deny(caller, ProblemCodes.AgentTokenNotAllowed, $"The caller holds {AppRoles.Agent}, which may not call {requiredRole} operations.", Forbidden(context, requiredRole, ProblemCodes.AgentTokenNotAllowed, "Agent tokens may only post agent batches",
                $"The token holds the app role {AppRoles.Agent}, which may call only POST /api/{AgentsApi.BatchesRoute}. Call this operation with another identity that holds {requiredRole} (never assign other roles to the agent's identity)."));
        }

        if (!caller.Roles.Contains(requiredRole))
        {
            LogForbidden(_logger, caller.Identity.AppId, requiredRole, "role");
            return Deny(caller, ProblemCodes.InsufficientRole, $"The caller lacks {requiredRole}.", Forbidden(context, requiredRole, ProblemCodes.InsufficientRole, "Role missing",
                MissingRoleDetail(caller, requiredRole)));
        }

        context.User = new ClaimsPrincipal(identity);
        return new ApiAuthorization(caller, null);
    }

    /// <summary>
    /// What to do about a missing app role: in the sandbox, mint a token with it (the sandbox's roles claim is what the
    /// token endpoint was asked for); with Entra ID, have it assigned.
    /// </summary>
    internal static string MissingRoleDetail(ApiCaller caller, string requiredRole)
    {
        if (caller.Sandbox)
        {
            var roles = caller.Roles.Count == 0 ? "no role" : string.Join(", ", caller.Roles.Order(StringComparer.Ordinal));
            var wanted = string.Join("\",\"", caller.Roles.Append(requiredRole).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            return $"This operation needs the app role {requiredRole}; this sandbox token's roles claim holds {roles}. " +
                $"Mint one with it: POST /_sandbox/token with {{\"roles\":[\"{wanted}\"]}} (no body: Read, Write and Clear).";
        }

        return $"This operation needs the app role {requiredRole}. Ask an administrator to assign it to your {(caller.Identity.AppOnly ? "application (Enterprise applications > this API > Users and groups, or an app role assignment to your service principal)" : "user account")}.";
    }

    private ApiCaller? ToCaller(ClaimsIdentity identity)
    {
        var appId = identity.FindFirst("appid")?.Value ?? identity.FindFirst("azp")?.Value;
        var objectId = identity.FindFirst("oid")?.Value;
        if (string.IsNullOrWhiteSpace(appId) || string.IsNullOrWhiteSpace(objectId))
        {
            return null;
        }

        var idType = identity.FindFirst("idtyp")?.Value;
        var appOnly = idType is not null
            ? string.Equals(idType, "app", StringComparison.OrdinalIgnoreCase)
            : identity.FindFirst("scp") is null;
        var name = appOnly
            ? identity.FindFirst("app_displayname")?.Value ?? appId
            : identity.FindFirst("name")?.Value ?? identity.FindFirst("upn")?.Value ?? identity.FindFirst("preferred_username")?.Value;
        var roles = identity.FindAll("roles").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var groups = identity.FindAll("groups").Select(c => c.Value).ToArray();
        var sandbox = string.Equals(identity.FindFirst("sandbox")?.Value, "true", StringComparison.OrdinalIgnoreCase);
        return new ApiCaller(
            new AuditCaller(appId, objectId, name, appOnly, identity.FindFirst("tid")?.Value),
            roles,
            CallerScope.For(_options.CallerScopes, appId, objectId, groups),
            sandbox);
    }

    private bool HasAcceptedScope(ClaimsIdentity identity)
    {
        var scopes = identity.FindAll("scp").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return scopes.Any(s => _options.AcceptedScopes.Contains(s, StringComparer.Ordinal));
    }

    /// <summary>True for the compact JWS shape: exactly three base64url segments (the signature may not be empty here either).</summary>
    internal static bool IsCompactJws(string token)
    {
        var segments = 1;
        foreach (var c in token)
        {
            if (c == '.')
            {
                segments++;
            }
            else if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return segments == 3 && token.Length <= 16 * 1024;
    }

    private static bool TryGetBearerToken(HttpRequest request, out string token)
    {
        token = string.Empty;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = header["Bearer ".Length..].Trim();
        return token.Length > 0;
    }

    private static ApiAuthorization Deny(IResult result) => new(null, result);

    private static ApiAuthorization Deny(ApiCaller caller, string code, string reason, IResult result) => new(caller, result, code, reason);

    private static BearerChallengeResult Unauthorized(HttpContext context, string challenge, string code, string title, string detail) =>
        new(ApiProblem.Create(context, StatusCodes.Status401Unauthorized, code, title, detail), challenge);

    private static BearerChallengeResult Forbidden(HttpContext context, string role, string code, string title, string detail) =>
        new(ApiProblem.Create(context, StatusCodes.Status403Forbidden, code, title, detail, new Dictionary<string, object?> { ["requiredRole"] = role }),
            $"Bearer realm=\"{Realm}\", error=\"insufficient_scope\", scope=\"{role}\"");

    /// <summary>RFC 6750 error_description: printable ASCII without '"' and '\'.</summary>
    private static string HeaderSafe(string text) =>
        new(text.Where(c => c is >= ' ' and <= '~' and not '"' and not '\\').ToArray());

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Caller {AppId} refused for {Role}: {Reason}")]
    private static partial void LogForbidden(ILogger logger, string appId, string role, string reason);
}
