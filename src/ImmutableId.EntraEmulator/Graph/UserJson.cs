using System.Globalization;
using System.Text.Json.Nodes;
using ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.EntraEmulator.Graph;

/// <summary>A user as Graph returns it: the default property set, or exactly the <c>$select</c>ed properties.</summary>
internal static class UserJson
{
    private static readonly string[] DefaultProperties =
    [
        "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
        "preferredLanguage", "surname", "userPrincipalName", "id",
    ];

    private static readonly Dictionary<string, Func<SeedUser, JsonNode?>> Properties = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = u => u.Id,
        ["userPrincipalName"] = u => u.UserPrincipalName,
        ["displayName"] = u => u.DisplayName,
        ["givenName"] = u => u.GivenName,
        ["surname"] = u => u.Surname,
        ["mail"] = u => u.Mail,
        ["userType"] = u => u.UserType,
        ["accountEnabled"] = u => u.AccountEnabled,
        ["jobTitle"] = u => u.JobTitle,
        ["businessPhones"] = _ => new JsonArray(),
        ["mobilePhone"] = _ => null,
        ["officeLocation"] = _ => null,
        ["preferredLanguage"] = _ => null,
        ["createdDateTime"] = u => Date(u.CreatedDateTime),
        ["onPremisesImmutableId"] = u => u.OnPremisesImmutableId,
        ["onPremisesSyncEnabled"] = u => u.OnPremisesSyncEnabled,
        ["onPremisesObjectIdentifier"] = u => u.OnPremisesObjectIdentifier,
        ["onPremisesDistinguishedName"] = u => u.OnPremisesDistinguishedName,
        ["onPremisesSamAccountName"] = u => u.OnPremisesSamAccountName,
        ["onPremisesUserPrincipalName"] = u => u.OnPremisesUserPrincipalName,
        ["onPremisesDomainName"] = u => u.OnPremisesDomainName,
        ["onPremisesSecurityIdentifier"] = u => u.OnPremisesSecurityIdentifier,
        ["onPremisesLastSyncDateTime"] = u => Date(u.OnPremisesLastSyncDateTime),
    };

    /// <summary>Properties of the beta user only (entra-rules.md: onPremisesObjectIdentifier is not in v1.0).</summary>
    private static readonly HashSet<string> BetaOnly = new(StringComparer.OrdinalIgnoreCase) { "onPremisesObjectIdentifier" };

    /// <summary>Parses <c>$select</c> into canonical property names (null = the default set).</summary>
    /// <param name="select">The <c>$select</c> option.</param>
    /// <param name="beta">True on the beta surface, where the beta-only properties exist.</param>
    /// <exception cref="GraphQueryException">A property the user type does not have (on this surface).</exception>
    public static IReadOnlyList<string>? ParseSelect(string? select, bool beta = false)
    {
        if (string.IsNullOrWhiteSpace(select))
        {
            return null;
        }

        var names = new List<string>();
        foreach (var raw in select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Properties.Keys.FirstOrDefault(k => string.Equals(k, raw, StringComparison.OrdinalIgnoreCase) && (beta || !BetaOnly.Contains(k)))
                ?? throw new GraphQueryException(GraphErrorCodes.BadRequest, $"Parsing OData Select and Expand failed: Could not find a property named '{raw}' on type 'microsoft.graph.user'.");
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    public static JsonObject Write(SeedUser user, IReadOnlyList<string>? select)
    {
        var json = new JsonObject();
        foreach (var name in select ?? DefaultProperties)
        {
            json[name] = Properties[name](user);
        }

        return json;
    }

    private static JsonNode? Date(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
