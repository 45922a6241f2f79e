using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutableId.EntraEmulator.Faults;
using ImmutableId.EntraEmulator.Seeding;
using ImmutableId.EntraEmulator.State;

namespace ImmutableId.EntraEmulator.Graph;

/// <summary><c>/users</c>: list with the advanced-query rules, get by id or UPN, PATCH with Entra's write rules, transitiveMemberOf.</summary>
internal sealed class UserEndpoints(TenantStore store, FaultInjector faults)
{
    private static readonly HashSet<string> ListOptions = new(StringComparer.OrdinalIgnoreCase) { "$filter", "$select", "$top", "$count", "$skiptoken" };
    private static readonly HashSet<string> GetOptions = new(StringComparer.OrdinalIgnoreCase) { "$select" };

    private const string SyncedMessage =
        "Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.";

    public GraphResponse List(GraphRequest request)
    {
        RejectUnsupportedOptions(request, ListOptions);
        var select = UserJson.ParseSelect(request.Option("$select"), request.IsBeta);
        var filterText = request.Option("$filter");
        var filter = string.IsNullOrWhiteSpace(filterText) ? null : ODataFilterParser.Parse(filterText, UserFilter.Resolve);
        var count = request.Option("$count");
        var wantsCount = string.Equals(count, "true", StringComparison.OrdinalIgnoreCase);
        if (count is not null && !wantsCount && !string.Equals(count, "false", StringComparison.OrdinalIgnoreCase))
        {
            throw new GraphQueryException(GraphErrorCodes.BadRequest, $"Invalid value '{count}' for $count: true or false.");
        }

        var advanced = request.IsEventual && wantsCount;
        if (filter is not null && filter.Properties.Contains(UserFilter.OnPremisesImmutableId) && !advanced)
        {
            throw new GraphQueryException(GraphErrorCodes.RequestUnsupportedQuery,
                "Unsupported or invalid query filter clause specified for property 'onPremisesImmutableId' of resource 'User'.");
        }

        if (wantsCount && !request.IsEventual)
        {
            // [I] The exact text; Graph needs ConsistencyLevel: eventual for $count on directory objects.
            throw new GraphQueryException(GraphErrorCodes.RequestBadRequest, "$count is not currently supported without the ConsistencyLevel header set to eventual.");
        }

        var users = store.QueryUsers(filter, advanced, faults.AdvancedQueryLag, request.Now);
        return GraphResponse.Json(200, Paging.Page(request, "users", users, u => UserJson.Write(u, select), wantsCount));
    }

    public GraphResponse Get(GraphRequest request, string key)
    {
        RejectUnsupportedOptions(request, GetOptions);
        var select = UserJson.ParseSelect(request.Option("$select"), request.IsBeta);
        var user = store.FindUser(key);
        if (user is null)
        {
            return NotFound(request, key);
        }

        var body = UserJson.Write(user, select);
        var withContext = new JsonObject { ["@odata.context"] = $"https://graph.microsoft.com/{request.Version}/$metadata#users/$entity" };
        foreach (var (name, value) in body.ToList())
        {
            body.Remove(name);
            withContext[name] = value;
        }

        return GraphResponse.Json(200, withContext);
    }

    public GraphResponse TransitiveMemberOf(GraphRequest request, string key)
    {
        RejectUnsupportedOptions(request, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "$select", "$top", "$skiptoken", "$count", "$filter" });
        var user = store.FindUser(key);
        if (user is null)
        {
            return NotFound(request, key);
        }

        var items = new List<JsonObject>();
        foreach (var group in store.TransitiveGroups(user.Id))
        {
            items.Add(new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.group",
                ["id"] = group.Id,
                ["displayName"] = group.DisplayName,
                ["isAssignableToRole"] = group.IsAssignableToRole,
                ["securityEnabled"] = true,
                ["mailEnabled"] = false,
                ["groupTypes"] = new JsonArray(),
            });
        }

        // Active tenant-wide roles show up as directoryRole objects, through role-assignable groups too.
        foreach (var roleId in store.EffectiveActiveRoles(user.Id).Where(a => a.DirectoryScopeId == "/").Select(a => a.RoleDefinitionId).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            items.Add(new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.directoryRole",
                ["id"] = TenantStore.DeterministicGuid($"directoryRole/{store.TenantId}/{roleId}"),
                ["displayName"] = BuiltInRoles.Names.GetValueOrDefault(roleId),
                ["roleTemplateId"] = roleId,
            });
        }

        var filter = GenericFilter.Parse(request.Option("$filter"), "id", "displayName", "roleTemplateId", "isAssignableToRole");
        var selected = items.Where(i => GenericFilter.Matches(filter, i)).ToList();
        return GraphResponse.Json(200, Paging.Page(request, "directoryObjects", selected, i => DirectoryEndpoints.Select(i, request), withCount: false));
    }

    /// <summary>PATCH, atomic: its checks and its write run under the store's lock.</summary>
    public GraphResponse Patch(GraphRequest request, string key) => store.Exclusive(() => PatchCore(request, key));

    private GraphResponse PatchCore(GraphRequest request, string key)
    {
        var user = store.FindUser(key);
        if (user is null)
        {
            return NotFound(request, key);
        }

        JsonObject body;
        try
        {
            // [I] A property sent twice is refused as an unreadable payload (Graph's OData reader rejects duplicate
            // properties; its exact message is not documented), never applied or answered 500.
            body = JsonNode.Parse(request.Body ?? string.Empty, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return request.Error(400, GraphErrorCodes.BadRequest,
                "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
        }

        var after = user;
        var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in body)
        {
            if (name.StartsWith('@'))
            {
                continue; // "@odata.type", which the SDK sends.
            }

            var result = request.IsBeta && string.Equals(name, "onPremisesObjectIdentifier", StringComparison.Ordinal)
                ? ApplyObjectIdentifier(after, value)
                : Apply(after, name, value);
            if (result.Error is not null)
            {
                return request.Error(400, GraphErrorCodes.RequestBadRequest, result.Error, result.Details);
            }

            after = result.User!;
            changed.Add(name);
        }

        if (changed.Count == 0)
        {
            return GraphResponse.NoContent();
        }

        if (changed.Contains("onPremisesObjectIdentifier") && ObjectIdentifierClearRefusal(request, changed) is { } refused)
        {
            return refused;
        }

        if (user.OnPremisesSyncEnabled == true)
        {
            return request.Error(400, GraphErrorCodes.RequestBadRequest, SyncedMessage);
        }

        var sensitive = changed.Overlaps(["onPremisesImmutableId", "userPrincipalName", "accountEnabled", "mail"]);
        if (sensitive && IsPrivilegedTarget(user.Id) && !CallerCoversPrivilegedTargets(request))
        {
            return request.Error(403, GraphErrorCodes.AuthorizationRequestDenied, "Insufficient privileges to complete the operation.");
        }

        var immutableChanged = !string.Equals(user.OnPremisesImmutableId, after.OnPremisesImmutableId, StringComparison.Ordinal);
        if (immutableChanged && IsFederated(user.UserPrincipalName))
        {
            // [I] Graph's exact error for this case is unknown; the shape (400 Request_BadRequest naming the
            // property and the federated domain) is emulated.
            return request.Error(400, GraphErrorCodes.RequestBadRequest,
                $"Unable to update property 'onPremisesImmutableId' of a user in the federated domain '{Domain(user.UserPrincipalName)}'. Move the userPrincipalName to a managed domain first.",
                [GraphErrors.Detail("FederatedDomain", "The user's userPrincipalName is in a federated domain.", "userPrincipalName")]);
        }

        if (!string.Equals(user.UserPrincipalName, after.UserPrincipalName, StringComparison.Ordinal))
        {
            var domain = store.FindDomain(Domain(after.UserPrincipalName));
            if (domain is null || !domain.IsVerified)
            {
                return InvalidValue(request, "userPrincipalName");
            }

            if (string.Equals(domain.AuthenticationType, "Federated", StringComparison.OrdinalIgnoreCase) && after.OnPremisesImmutableId is null)
            {
                // [I] Entra requires an immutable ID for users of a federated domain.
                return request.Error(400, GraphErrorCodes.RequestBadRequest,
                    "Property 'onPremisesImmutableId' is required for a userPrincipalName in a federated domain.",
                    [GraphErrors.Detail("Required", "onPremisesImmutableId is required.", "onPremisesImmutableId")]);
            }

            if (store.UpnHolder(after.UserPrincipalName, user.Id) is { } upnHolder)
            {
                return Conflict(request, "userPrincipalName", upnHolder);
            }
        }

        if (immutableChanged && after.OnPremisesImmutableId is { } newValue && store.ImmutableIdHolder(newValue, user.Id) is { } holder)
        {
            return Conflict(request, "onPremisesImmutableId", holder);
        }

        store.Replace(user, after, request.Now);
        return GraphResponse.NoContent();
    }

    private static (SeedUser? User, string? Error, JsonArray? Details) Apply(SeedUser user, string name, JsonNode? value)
    {
        switch (name)
        {
            case "onPremisesImmutableId":
                if (value is null)
                {
                    return (user with { OnPremisesImmutableId = null }, null, null);
                }

                if (!TryString(value, out var immutableId) || immutableId.Contains('$') || immutableId.Contains('_') || immutableId.Any(char.IsWhiteSpace))
                {
                    return Invalid("onPremisesImmutableId");
                }

                // [I] An empty string does not clear the value (msgraph-sdk-powershell #2514): accepted, no change.
                return (immutableId.Length == 0 ? user : user with { OnPremisesImmutableId = immutableId }, null, null);
            case "userPrincipalName":
                return TryString(value, out var upn) && IsValidUpn(upn) ? (user with { UserPrincipalName = upn }, null, null) : Invalid("userPrincipalName");
            case "displayName":
                return TryString(value, out var displayName) && displayName.Length is > 0 and <= 256
                    ? (user with { DisplayName = displayName }, null, null)
                    : Invalid("displayName");
            case "givenName" or "surname" or "jobTitle" or "mail":
                string? text = null;
                if (value is not null && !TryString(value, out text))
                {
                    return Invalid(name);
                }

                return name switch
                {
                    "givenName" => (user with { GivenName = text }, null, null),
                    "surname" => (user with { Surname = text }, null, null),
                    "jobTitle" => (user with { JobTitle = text }, null, null),
                    _ => (user with { Mail = text }, null, null),
                };
            case "accountEnabled":
                return value is JsonValue v && v.TryGetValue<bool>(out var enabled) ? (user with { AccountEnabled = enabled }, null, null) : Invalid(name);
            case "id" or "createdDateTime" or "onPremisesSyncEnabled" or "onPremisesDistinguishedName" or "onPremisesSamAccountName"
                or "onPremisesSecurityIdentifier" or "onPremisesLastSyncDateTime" or "onPremisesDomainName" or "onPremisesUserPrincipalName" or "userType":
                return (null, $"Property '{name}' is read-only and cannot be set.", null);
            default:
                return (null, $"Property '{name}' does not exist as a declared property or extension property.", null);
        }

        static (SeedUser?, string?, JsonArray?) Invalid(string property) =>
            (null, $"Invalid value specified for property '{property}' of resource 'User'.", [GraphErrors.Detail("InvalidValue", "Invalid value.", property)]);
    }

    /// <summary>
    /// beta <c>onPremisesObjectIdentifier</c>: only a JSON null is accepted (it clears the link; entra-rules.md).
    /// [I] The text for other values.
    /// </summary>
    private static (SeedUser? User, string? Error, JsonArray? Details) ApplyObjectIdentifier(SeedUser user, JsonNode? value) =>
        value is null
            ? (user with { OnPremisesObjectIdentifier = null }, null, null)
            : (null, "Invalid value specified for property 'onPremisesObjectIdentifier' of resource 'User': only null is accepted.",
                [GraphErrors.Detail("InvalidValue", "Invalid value.", "onPremisesObjectIdentifier")]);

    /// <summary>
    /// Clearing onPremisesObjectIdentifier needs the application permission User-OnPremisesSyncBehavior.ReadWrite.All
    /// and a Global or Hybrid Identity Administrator role for the caller (entra-rules.md); other properties in the same
    /// body still need the user write permission.
    /// </summary>
    private GraphResponse? ObjectIdentifierClearRefusal(GraphRequest request, HashSet<string> changed)
    {
        var others = changed.Count > 1;
        var covered = request.Caller.HasAny(Permissions.OnPremisesSyncBehaviorWrite) && (!others || request.Caller.HasAny(Permissions.UserWrite));
        var sp = store.FindServicePrincipalByAppId(request.Caller.AppId);
        var role = sp is not null && store.EffectiveActiveRoles(sp.Id).Any(a => BuiltInRoles.MayClearObjectIdentifier(a.RoleDefinitionId));
        return covered && role ? null : request.Error(403, GraphErrorCodes.AuthorizationRequestDenied, "Insufficient privileges to complete the operation.");
    }

    /// <summary>Graph's UPN rule: alias of A–Z a–z 0–9 ' . - _ ! # ^ ~, one '@', a domain; no leading or trailing dot.</summary>
    private static bool IsValidUpn(string upn)
    {
        var at = upn.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != upn.LastIndexOf('@') || at == upn.Length - 1 || upn.Length > 113)
        {
            return false;
        }

        var alias = upn[..at];
        return alias[0] != '.' && alias[^1] != '.' && alias.All(c => char.IsAsciiLetterOrDigit(c) || "'.-_!#^~".Contains(c)) &&
            upn[(at + 1)..].All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');
    }

    private static bool TryString(JsonNode? value, out string text)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var s))
        {
            text = s;
            return true;
        }

        text = string.Empty;
        return false;
    }

    private bool IsPrivilegedTarget(string userId) =>
        store.EffectiveActiveRoles(userId).Any(a => BuiltInRoles.IsPrivileged(a.RoleDefinitionId));

    /// <summary>The calling app's own directory roles (assigned to its service principal) decide sensitive writes on admins.</summary>
    private bool CallerCoversPrivilegedTargets(GraphRequest request)
    {
        var sp = store.FindServicePrincipalByAppId(request.Caller.AppId);
        return sp is not null && store.EffectiveActiveRoles(sp.Id).Any(a => BuiltInRoles.CoversAllSensitiveTargets(a.RoleDefinitionId));
    }

    private bool IsFederated(string upn) =>
        string.Equals(store.FindDomain(Domain(upn))?.AuthenticationType, "Federated", StringComparison.OrdinalIgnoreCase);

    private static string Domain(string upn) => upn[(upn.LastIndexOf('@') + 1)..];

    private static GraphResponse Conflict(GraphRequest request, string property, string holderId) =>
        request.Error(400, GraphErrorCodes.RequestBadRequest,
            $"Another object with the same value for property {property} already exists.",
            [
                GraphErrors.Detail(GraphErrorCodes.ObjectConflict, $"Another object with the same value for property {property} already exists.", property),
                GraphErrors.Detail(GraphErrorCodes.ConflictingObjects, $"Another object with the same value for property {property} already exists.", $"User_{holderId}"),
            ]);

    private static GraphResponse InvalidValue(GraphRequest request, string property) =>
        request.Error(400, GraphErrorCodes.RequestBadRequest, $"Invalid value specified for property '{property}' of resource 'User'.",
            [GraphErrors.Detail("InvalidValue", "Invalid value.", property)]);

    internal static GraphResponse NotFound(GraphRequest request, string key) =>
        request.Error(404, GraphErrorCodes.RequestResourceNotFound,
            $"Resource '{key}' does not exist or one of its queried reference-property objects are not present.");

    internal static void RejectUnsupportedOptions(GraphRequest request, HashSet<string> allowed)
    {
        foreach (var key in request.Query.Keys)
        {
            if (key.StartsWith('$') && !allowed.Contains(key))
            {
                throw new GraphQueryException(GraphErrorCodes.BadRequest, $"The query option '{key}' is not supported here by the emulator.");
            }
        }
    }
}
