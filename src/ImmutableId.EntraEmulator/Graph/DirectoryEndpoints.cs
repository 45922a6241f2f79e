using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutableId.EntraEmulator.Seeding;
using ImmutableId.EntraEmulator.State;

namespace ImmutableId.EntraEmulator.Graph;

/// <summary><c>/domains</c>, <c>/roleManagement/directory/*</c> and <c>/servicePrincipals</c>.</summary>
internal sealed class DirectoryEndpoints(TenantStore store)
{
    private static readonly HashSet<string> RoleOptions = new(StringComparer.OrdinalIgnoreCase) { "$filter", "$select", "$expand", "$top", "$skiptoken" };
    private static readonly HashSet<string> ListOptions = new(StringComparer.OrdinalIgnoreCase) { "$filter", "$select", "$top", "$skiptoken" };

    public GraphResponse ListDomains(GraphRequest request)
    {
        UserEndpoints.RejectUnsupportedOptions(request, ListOptions);
        var filter = GenericFilter.Parse(request.Option("$filter"), "id", "authenticationType", "isDefault", "isVerified");
        var items = store.Domains().Select(Domain).Where(d => GenericFilter.Matches(filter, d)).ToList();
        return GraphResponse.Json(200, Paging.Page(request, "domains", items, d => Select(d, request), withCount: false));
    }

    public GraphResponse GetDomain(GraphRequest request, string name)
    {
        UserEndpoints.RejectUnsupportedOptions(request, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "$select" });
        var domain = store.FindDomain(name);
        return domain is null ? UserEndpoints.NotFound(request, name) : GraphResponse.Json(200, Select(Domain(domain), request));
    }

    public GraphResponse RoleAssignments(GraphRequest request) => Roles(request, eligible: false);

    public GraphResponse RoleEligibilities(GraphRequest request) => Roles(request, eligible: true);

    public GraphResponse RoleDefinitions(GraphRequest request, string? id)
    {
        UserEndpoints.RejectUnsupportedOptions(request, ListOptions);
        if (id is not null)
        {
            return BuiltInRoles.Names.ContainsKey(id)
                ? GraphResponse.Json(200, Select(RoleDefinition(id), request))
                : UserEndpoints.NotFound(request, id);
        }

        var filter = GenericFilter.Parse(request.Option("$filter"), "id", "templateId", "displayName", "isBuiltIn");
        var items = BuiltInRoles.Names.Keys.Select(RoleDefinition).Where(r => GenericFilter.Matches(filter, r)).ToList();
        return GraphResponse.Json(200, Paging.Page(request, "roleManagement/directory/roleDefinitions", items, r => Select(r, request), withCount: false));
    }

    public GraphResponse ListServicePrincipals(GraphRequest request)
    {
        UserEndpoints.RejectUnsupportedOptions(request, ListOptions);
        var filter = GenericFilter.Parse(request.Option("$filter"), "id", "appId", "displayName", "servicePrincipalType");
        var items = store.ServicePrincipals().Select(ServicePrincipal).Where(s => GenericFilter.Matches(filter, s)).ToList();
        return GraphResponse.Json(200, Paging.Page(request, "servicePrincipals", items, s => Select(s, request), withCount: false));
    }

    public GraphResponse GetServicePrincipal(GraphRequest request, string id)
    {
        UserEndpoints.RejectUnsupportedOptions(request, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "$select" });
        var sp = store.FindServicePrincipal(id);
        return sp is null ? UserEndpoints.NotFound(request, id) : GraphResponse.Json(200, Select(ServicePrincipal(sp), request));
    }

    public GraphResponse AppRoleAssignments(GraphRequest request, string servicePrincipalId, bool byResource)
    {
        UserEndpoints.RejectUnsupportedOptions(request, ListOptions);
        if (store.FindServicePrincipal(servicePrincipalId) is null)
        {
            return UserEndpoints.NotFound(request, servicePrincipalId);
        }

        var filter = GenericFilter.Parse(request.Option("$filter"), "id", "principalId", "resourceId", "appRoleId");
        var items = store.AppRoleAssignments(a => string.Equals(byResource ? a.ResourceId : a.PrincipalId, servicePrincipalId, StringComparison.OrdinalIgnoreCase))
            .Select(AppRoleAssignment)
            .Where(a => GenericFilter.Matches(filter, a))
            .ToList();
        return GraphResponse.Json(200, Paging.Page(request, "appRoleAssignments", items, a => Select(a, request), withCount: false));
    }

    public GraphResponse GrantAppRole(GraphRequest request, string resourceId)
    {
        var resource = store.FindServicePrincipal(resourceId);
        if (resource is null)
        {
            return UserEndpoints.NotFound(request, resourceId);
        }

        string? principalId, bodyResourceId, appRoleId;
        try
        {
            var body = JsonNode.Parse(request.Body ?? string.Empty) as JsonObject ?? throw new JsonException();
            principalId = Text(body, "principalId");
            bodyResourceId = Text(body, "resourceId");
            appRoleId = Text(body, "appRoleId");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return request.Error(400, GraphErrorCodes.BadRequest,
                "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
        }

        if (principalId is null || appRoleId is null || !Guid.TryParse(principalId, out _) || !Guid.TryParse(appRoleId, out _))
        {
            return request.Error(400, GraphErrorCodes.RequestBadRequest, "Invalid value specified for property 'principalId' or 'appRoleId' of resource 'AppRoleAssignment'.");
        }

        if (bodyResourceId is not null && !string.Equals(bodyResourceId, resourceId, StringComparison.OrdinalIgnoreCase))
        {
            // [I] text.
            return request.Error(400, GraphErrorCodes.RequestBadRequest, "The resourceId in the body must be the service principal in the URL.");
        }

        if (!(resource.AppRoles ?? []).Any(r => string.Equals(r.Id, appRoleId, StringComparison.OrdinalIgnoreCase)))
        {
            return request.Error(400, GraphErrorCodes.RequestBadRequest, $"Permission being assigned was not found on application '{resource.AppId}'.");
        }

        if (store.DisplayNameOf(principalId) is null)
        {
            return request.Error(404, GraphErrorCodes.RequestResourceNotFound,
                $"Resource '{principalId}' does not exist or one of its queried reference-property objects are not present.");
        }

        var grant = store.TryAddAppRoleAssignment(principalId, resourceId, appRoleId, request.Now);
        if (grant is null)
        {
            return request.Error(400, GraphErrorCodes.RequestBadRequest, "Permission being assigned already exists on the object");
        }

        var response = GraphResponse.Json(201, AppRoleAssignment(grant));
        response.Headers["Location"] = $"{request.GraphBaseUrl}/servicePrincipals/{resourceId}/appRoleAssignedTo/{grant.Id}";
        return response;
    }

    /// <summary>Keeps only the <c>$select</c>ed properties (and <c>@odata.type</c>) of a non-user object.</summary>
    internal static JsonObject Select(JsonObject item, GraphRequest request)
    {
        var select = request.Option("$select");
        if (string.IsNullOrWhiteSpace(select))
        {
            return item;
        }

        var names = select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var result = new JsonObject();
        foreach (var (name, value) in item)
        {
            if (name.StartsWith('@') || names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                result[name] = value?.DeepClone();
            }
        }

        return result;
    }

    private GraphResponse Roles(GraphRequest request, bool eligible)
    {
        UserEndpoints.RejectUnsupportedOptions(request, RoleOptions);
        var filterText = request.Option("$filter");
        if (string.IsNullOrWhiteSpace(filterText))
        {
            // [I] Graph asks for a filter on these collections in large tenants; the emulator always does.
            throw new GraphQueryException(GraphErrorCodes.BadRequest, "A $filter on principalId, roleDefinitionId or directoryScopeId is required.");
        }

        var filter = GenericFilter.Parse(filterText, "id", "principalId", "roleDefinitionId", "directoryScopeId");
        var expand = request.Option("$expand");
        var expandRole = expand is not null && expand.Split(',', StringSplitOptions.TrimEntries).All(e => string.Equals(e, "roleDefinition", StringComparison.OrdinalIgnoreCase));
        if (expand is not null && !expandRole)
        {
            throw new GraphQueryException(GraphErrorCodes.BadRequest, $"Parsing OData Select and Expand failed: the emulator expands only 'roleDefinition', not '{expand}'.");
        }

        var source = eligible ? store.RoleEligibilities(_ => true) : store.RoleAssignments(_ => true);
        var items = source.Select(a => RoleAssignment(a, eligible, expandRole)).Where(a => GenericFilter.Matches(filter, a)).ToList();
        var context = eligible ? "roleManagement/directory/roleEligibilityScheduleInstances" : "roleManagement/directory/roleAssignments";
        return GraphResponse.Json(200, Paging.Page(request, context, items, a => Select(a, request), withCount: false));
    }

    private static JsonObject Domain(SeedDomain d) => new()
    {
        ["id"] = d.Id,
        ["authenticationType"] = d.AuthenticationType,
        ["isAdminManaged"] = true,
        ["isDefault"] = d.IsDefault,
        ["isInitial"] = d.IsInitial,
        ["isRoot"] = true,
        ["isVerified"] = d.IsVerified,
        ["supportedServices"] = new JsonArray("Email", "OfficeCommunicationsOnline"),
        ["passwordValidityPeriodInDays"] = 2147483647,
        ["passwordNotificationWindowInDays"] = 14,
    };

    private static JsonObject RoleDefinition(string id) => new()
    {
        ["id"] = id,
        ["templateId"] = id,
        ["displayName"] = BuiltInRoles.Names[id],
        ["isBuiltIn"] = true,
        ["isEnabled"] = true,
        ["description"] = $"Built-in role {BuiltInRoles.Names[id]}.",
    };

    private static JsonObject RoleAssignment(SeedRoleAssignment a, bool eligible, bool expandRole)
    {
        var json = new JsonObject
        {
            ["id"] = a.Id,
            ["principalId"] = a.PrincipalId,
            ["roleDefinitionId"] = a.RoleDefinitionId,
            ["directoryScopeId"] = a.DirectoryScopeId,
        };
        if (eligible)
        {
            json["appScopeId"] = null;
            json["startDateTime"] = "2026-01-01T00:00:00Z";
            json["endDateTime"] = null;
            json["memberType"] = "Direct";
            json["roleEligibilityScheduleId"] = a.Id;
        }

        if (expandRole && BuiltInRoles.Names.ContainsKey(a.RoleDefinitionId))
        {
            json["roleDefinition"] = RoleDefinition(a.RoleDefinitionId);
        }

        return json;
    }

    private static JsonObject ServicePrincipal(SeedServicePrincipal s) => new()
    {
        ["id"] = s.Id,
        ["appId"] = s.AppId,
        ["displayName"] = s.DisplayName,
        ["servicePrincipalType"] = s.ServicePrincipalType,
        ["accountEnabled"] = true,
        ["appRoles"] = new JsonArray((s.AppRoles ?? []).Select(r => (JsonNode)new JsonObject
        {
            ["allowedMemberTypes"] = new JsonArray("Application"),
            ["description"] = r.DisplayName ?? r.Value,
            ["displayName"] = r.DisplayName ?? r.Value,
            ["id"] = r.Id,
            ["isEnabled"] = true,
            ["origin"] = "Application",
            ["value"] = r.Value,
        }).ToArray()),
    };

    private JsonObject AppRoleAssignment(AppRoleAssignmentEntity a) => new()
    {
        ["id"] = a.Id,
        ["appRoleId"] = a.AppRoleId,
        ["createdDateTime"] = a.CreatedDateTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["principalDisplayName"] = store.DisplayNameOf(a.PrincipalId),
        ["principalId"] = a.PrincipalId,
        ["principalType"] = store.FindServicePrincipal(a.PrincipalId) is not null ? "ServicePrincipal" : "User",
        ["resourceDisplayName"] = store.DisplayNameOf(a.ResourceId),
        ["resourceId"] = a.ResourceId,
    };

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue v ? v.GetValue<string>() : null;
}
