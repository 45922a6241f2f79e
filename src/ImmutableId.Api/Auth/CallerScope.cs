namespace ImmutableId.Api.Auth;

/// <summary>What one caller may touch: UPN domains and on-prem OUs (empty lists: anything).</summary>
public sealed record CallerScope(IReadOnlyList<string> UpnDomains, IReadOnlyList<string> OrganizationalUnits)
{
    /// <summary>No per-caller limit (the global Policy allow-lists still apply).</summary>
    public static CallerScope Unrestricted { get; } = new([], []);

    /// <summary>True when neither list limits anything.</summary>
    public bool IsUnrestricted => UpnDomains.Count == 0 && OrganizationalUnits.Count == 0;

    /// <summary>True when the UPN's domain is allowed (or domains are not limited). A null UPN passes only when unlimited.</summary>
    public bool PermitsUpn(string? userPrincipalName)
    {
        if (UpnDomains.Count == 0)
        {
            return true;
        }

        var at = userPrincipalName?.LastIndexOf('@') ?? -1;
        if (at < 0)
        {
            return false;
        }

        var domain = userPrincipalName![(at + 1)..];
        return UpnDomains.Any(d => string.Equals(d, domain, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when the DN sits under an allowed OU (or OUs are not limited). A null DN passes only when unlimited.</summary>
    public bool PermitsDistinguishedName(string? distinguishedName)
    {
        if (OrganizationalUnits.Count == 0)
        {
            return true;
        }

        if (string.IsNullOrWhiteSpace(distinguishedName))
        {
            return false;
        }

        var dn = Normalize(distinguishedName);
        return OrganizationalUnits.Select(Normalize).Any(ou => dn.EndsWith("," + ou, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Builds a caller's scope from every rule that matches it: the union of what they allow.</summary>
    public static CallerScope For(IEnumerable<CallerScopeRule> rules, string appId, string objectId, IReadOnlyCollection<string> groups)
    {
        var matching = rules.Where(r =>
            (!string.IsNullOrWhiteSpace(r.AppId) && string.Equals(r.AppId, appId, StringComparison.OrdinalIgnoreCase)) ||
            (!string.IsNullOrWhiteSpace(r.ObjectId) && string.Equals(r.ObjectId, objectId, StringComparison.OrdinalIgnoreCase)) ||
            (!string.IsNullOrWhiteSpace(r.GroupId) && groups.Contains(r.GroupId, StringComparer.OrdinalIgnoreCase))).ToList();
        if (matching.Count == 0)
        {
            return Unrestricted;
        }

        // A matched rule with an empty list leaves that dimension open; otherwise the union of the rules' lists.
        var domains = matching.Any(r => r.AllowedUpnDomains.Length == 0) ? [] : matching.SelectMany(r => r.AllowedUpnDomains).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var ous = matching.Any(r => r.AllowedOrganizationalUnits.Length == 0) ? [] : matching.SelectMany(r => r.AllowedOrganizationalUnits).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        return new CallerScope(domains, ous);
    }

    private static string Normalize(string dn) => string.Join(",", dn.Split(',').Select(p => p.Trim()));
}
