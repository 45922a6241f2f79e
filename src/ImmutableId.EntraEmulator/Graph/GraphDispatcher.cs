using ImmutableId.EntraEmulator.Faults;
using ImmutableId.EntraEmulator.State;
using ImmutableId.EntraEmulator.Throttling;

namespace ImmutableId.EntraEmulator.Graph;

/// <summary>
/// Routes one Graph request (from HTTP or a batch) to its endpoint after the permission check and the throttling
/// gate; turns query errors into Graph's 400 shape. Never throws for bad input.
/// </summary>
internal sealed class GraphDispatcher(TenantStore store, ThrottleGate throttle, FaultInjector faults)
{
    private readonly UserEndpoints _users = new(store, faults);
    private readonly DirectoryEndpoints _directory = new(store);
    private readonly SynchronizationEndpoints _synchronization = new(store);

    public GraphResponse Dispatch(GraphRequest request)
    {
        try
        {
            var route = Resolve(request);
            if (route.Handler is null)
            {
                return route.Error!;
            }

            if (!request.Caller.HasAny(route.Permissions))
            {
                return request.Error(403, GraphErrorCodes.AuthorizationRequestDenied, "Insufficient privileges to complete the operation.");
            }

            if (faults.TakeForcedThrottle() is { } forced)
            {
                return Throttled(request, new ThrottleDecision(false, 0, forced, $"Tenant_Application/ReadWrite/{store.TenantId}/{request.Caller.AppId}", "ResourceUnitLimitExceeded"));
            }

            var decision = throttle.Charge(store.TenantId, store.Size, request.Caller.AppId, Cost(request, route), route.IsWrite, request.Header("x-ms-throttle-priority"));
            if (!decision.Allowed)
            {
                return Throttled(request, decision);
            }

            var response = route.Handler(request);
            response.Headers["x-ms-resource-unit"] = decision.ResourceUnits.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (decision.LimitPercentage is { } percentage)
            {
                response.Headers["x-ms-throttle-limit-percentage"] = percentage.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return response;
        }
        catch (GraphQueryException ex)
        {
            return request.Error(ex.Status, ex.Code, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug of the emulator, answered the way Graph answers its own failures (tests assert no 5xx) — and said
            // loudly on stderr with its stack, so that a test run that meets it shows where it is.
            Console.Error.WriteLine($"entra-emulator: {request.Method} {request.Path} failed inside the emulator and was answered 500: {ex}");
            return request.Error(500, "generalException", $"The emulator failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static GraphResponse Throttled(GraphRequest request, ThrottleDecision decision)
    {
        // [I] The body code and message of identity-service 429s; the headers are documented.
        var response = request.Error(429, GraphErrorCodes.TooManyRequests, "Too many requests. Retry after the time in the Retry-After header.");
        response.Headers["Retry-After"] = decision.RetryAfterSeconds!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["x-ms-throttle-scope"] = decision.Scope!;
        response.Headers["x-ms-throttle-information"] = decision.Information!;
        if (decision.LimitPercentage is { } percentage)
        {
            response.Headers["x-ms-throttle-limit-percentage"] = percentage.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return response;
    }

    /// <summary>Documented costs: GET users (list) 2, other GET 1, writes 1; $select -1; $top under 20 -1; at least 1.</summary>
    private static int Cost(GraphRequest request, Route route)
    {
        var cost = route.IsUserList ? 2 : 1;
        if (request.Option("$select") is not null)
        {
            cost--;
        }

        if (int.TryParse(request.Option("$top"), out var top) && top < 20)
        {
            cost--;
        }

        return Math.Max(1, cost);
    }

    private Route Resolve(GraphRequest request)
    {
        var segments = Segments(request.Path);
        var method = request.Method;
        if (segments.Count == 0)
        {
            return Route.Fail(request.Error(400, GraphErrorCodes.BadRequest, "Invalid request: no resource segment."));
        }

        var (head, key) = SplitKey(segments[0]);
        if (key is not null)
        {
            segments = [head, key, .. segments.Skip(1)];
        }

        switch (segments[0].ToLowerInvariant())
        {
            case "users" when segments.Count == 1:
                return method == "GET" ? Route.Read(Permissions.UserRead, _users.List, isUserList: true) : NotAllowed(request);
            case "users" when segments.Count == 2:
                if (key is null && segments[1].StartsWith('$'))
                {
                    // Graph: a UPN starting with '$' must use the users('$…') form.
                    return Route.Fail(request.Error(400, GraphErrorCodes.BadRequest, $"Resource not found for the segment '{segments[1]}'."));
                }

                return method switch
                {
                    "GET" => Route.Read(Permissions.UserRead, r => _users.Get(r, segments[1])),
                    "PATCH" => Route.Write(request.IsBeta ? Permissions.BetaUserWrite : Permissions.UserWrite, r => _users.Patch(r, segments[1])),
                    _ => NotAllowed(request),
                };
            case "users" when segments.Count == 3 && string.Equals(segments[2], "transitiveMemberOf", StringComparison.OrdinalIgnoreCase):
                return method == "GET" ? Route.Read(Permissions.MemberOfRead, r => _users.TransitiveMemberOf(r, segments[1])) : NotAllowed(request);
            case "domains" when segments.Count <= 2:
                return method != "GET"
                    ? NotAllowed(request)
                    : Route.Read(Permissions.DomainRead, r => segments.Count == 1 ? _directory.ListDomains(r) : _directory.GetDomain(r, segments[1]));
            case "rolemanagement" when segments.Count >= 3 && string.Equals(segments[1], "directory", StringComparison.OrdinalIgnoreCase):
                if (method != "GET")
                {
                    return NotAllowed(request);
                }

                return (segments[2].ToLowerInvariant(), segments.Count) switch
                {
                    ("roleassignments", 3) => Route.Read(Permissions.RoleRead, _directory.RoleAssignments),
                    ("roleeligibilityscheduleinstances", 3) => Route.Read(Permissions.EligibilityRead, _directory.RoleEligibilities),
                    ("roledefinitions", 3) => Route.Read(Permissions.RoleRead, r => _directory.RoleDefinitions(r, null)),
                    ("roledefinitions", 4) => Route.Read(Permissions.RoleRead, r => _directory.RoleDefinitions(r, segments[3])),
                    _ => Unknown(request, segments[2]),
                };
            case "serviceprincipals" when segments.Count == 1:
                return method == "GET" ? Route.Read(Permissions.ApplicationRead, _directory.ListServicePrincipals) : NotAllowed(request);
            case "serviceprincipals" when segments.Count == 2:
                return method == "GET" ? Route.Read(Permissions.ApplicationRead, r => _directory.GetServicePrincipal(r, segments[1])) : NotAllowed(request);
            case "serviceprincipals" when segments.Count == 3 && string.Equals(segments[2], "appRoleAssignedTo", StringComparison.OrdinalIgnoreCase):
                return method switch
                {
                    "GET" => Route.Read(Permissions.ApplicationRead, r => _directory.AppRoleAssignments(r, segments[1], byResource: true)),
                    "POST" => Route.Write(Permissions.AppRoleGrant, r => _directory.GrantAppRole(r, segments[1])),
                    _ => NotAllowed(request),
                };
            case "serviceprincipals" when segments.Count == 4 && string.Equals(segments[2], "synchronization", StringComparison.OrdinalIgnoreCase) &&
                string.Equals(segments[3], "jobs", StringComparison.OrdinalIgnoreCase):
                return method == "GET" ? Route.Read(Permissions.SynchronizationRead, r => _synchronization.Jobs(r, segments[1])) : NotAllowed(request);
            case "serviceprincipals" when segments.Count == 6 && string.Equals(segments[2], "synchronization", StringComparison.OrdinalIgnoreCase) &&
                string.Equals(segments[3], "jobs", StringComparison.OrdinalIgnoreCase):
                return (segments[5].ToLowerInvariant(), method) switch
                {
                    ("provisionondemand", "POST") => Route.Write(Permissions.SynchronizationWrite, r => _synchronization.ProvisionOnDemand(r, segments[1], segments[4])),
                    ("schema", "GET") => Route.Read(Permissions.SynchronizationRead, r => _synchronization.Schema(r, segments[1], segments[4])),
                    ("provisionondemand" or "schema", _) => NotAllowed(request),
                    _ => Unknown(request, segments[5]),
                };
            case "serviceprincipals" when segments.Count == 3 && string.Equals(segments[2], "appRoleAssignments", StringComparison.OrdinalIgnoreCase):
                return method == "GET" ? Route.Read(Permissions.ApplicationRead, r => _directory.AppRoleAssignments(r, segments[1], byResource: false)) : NotAllowed(request);
            default:
                return Unknown(request, segments[^1]);
        }
    }

    private static Route Unknown(GraphRequest request, string segment) =>
        Route.Fail(request.Error(400, GraphErrorCodes.BadRequest, $"Resource not found for the segment '{segment}'."));

    private static Route NotAllowed(GraphRequest request) =>
        Route.Fail(request.Error(405, GraphErrorCodes.MethodNotAllowed, $"The HTTP method '{request.Method}' is not allowed for this resource."));

    private static List<string> Segments(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>Splits <c>users('o''brien@contoso.com')</c> into <c>users</c> and the unquoted key.</summary>
    private static (string Head, string? Key) SplitKey(string segment)
    {
        var open = segment.IndexOf('(', StringComparison.Ordinal);
        if (open < 0 || !segment.EndsWith(')'))
        {
            return (segment, null);
        }

        var inner = segment[(open + 1)..^1];
        if (inner.Length >= 2 && inner[0] == '\'' && inner[^1] == '\'')
        {
            inner = inner[1..^1].Replace("''", "'", StringComparison.Ordinal);
        }

        return (segment[..open], inner);
    }

    private sealed record Route(string[] Permissions, Func<GraphRequest, GraphResponse>? Handler, bool IsWrite, bool IsUserList, GraphResponse? Error)
    {
        public static Route Read(string[] permissions, Func<GraphRequest, GraphResponse> handler, bool isUserList = false) =>
            new(permissions, handler, false, isUserList, null);

        public static Route Write(string[] permissions, Func<GraphRequest, GraphResponse> handler) =>
            new(permissions, handler, true, false, null);

        public static Route Fail(GraphResponse error) => new([], null, false, false, error);
    }
}
