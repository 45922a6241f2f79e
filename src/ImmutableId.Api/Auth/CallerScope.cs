using ImmutableId.Core.Scopes;

namespace ImmutableId.Api.Auth;

/// <summary>Builds a caller's <see cref="DirectoryScope"/> from the <c>Auth:CallerScopes</c> rules that match it.</summary>
public static class CallerScope
{
    /// <summary>
    /// The union of what every matching rule allows; unrestricted when no rule matches. A matched rule with an empty
    /// list leaves that dimension open.
    /// </summary>
    public static DirectoryScope For(IEnumerable<CallerScopeRule> rules, string appId, string objectId, IReadOnlyCollection<string> groups)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var matching = rules.Where(r =>
            (!string.IsNullOrWhiteSpace(r.AppId) && string.Equals(r.AppId, appId, StringComparison.OrdinalIgnoreCase)) ||
            (!string.IsNullOrWhiteSpace(r.ObjectId) && string.Equals(r.ObjectId, objectId, StringComparison.OrdinalIgnoreCase)) ||
            (!string.IsNullOrWhiteSpace(r.GroupId) && groups.Contains(r.GroupId, StringComparer.OrdinalIgnoreCase))).ToList();
        if (matching.Count == 0)
        {
            return DirectoryScope.Unrestricted;
        }

        var domains = matching.Any(r => r.AllowedUpnDomains.Length == 0) ? [] : matching.SelectMany(r => r.AllowedUpnDomains).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var ous = matching.Any(r => r.AllowedOrganizationalUnits.Length == 0) ? [] : matching.SelectMany(r => r.AllowedOrganizationalUnits).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        return new DirectoryScope(domains, ous);
    }
}
