namespace ImmutableId.Core.Scopes;

/// <summary>
/// What a rule allows: UPN domains and on-prem OUs. The one scope type of the product — the write policy
/// (<c>Policy</c>) and each caller's scope (<c>Auth:CallerScopes</c>) are both a <see cref="DirectoryScope"/>.
/// An empty list leaves that dimension open; <c>*</c> in a list is the explicit "any".
/// </summary>
public sealed class DirectoryScope
{
    /// <summary>The value that allows any domain or any OU.</summary>
    public const string Any = "*";

    private readonly string[] _domains;
    private readonly DistinguishedName[] _ous;

    /// <summary>Creates a scope; an OU that is not a valid DN is refused (a typo must not widen or silently empty a scope).</summary>
    /// <exception cref="ArgumentException">An OU is not a distinguished name.</exception>
    public DirectoryScope(IEnumerable<string> upnDomains, IEnumerable<string> organizationalUnits)
    {
        ArgumentNullException.ThrowIfNull(upnDomains);
        ArgumentNullException.ThrowIfNull(organizationalUnits);
        var domains = upnDomains.Select(d => d.Trim()).Where(d => d.Length > 0).ToArray();
        var ous = organizationalUnits.Select(o => o.Trim()).Where(o => o.Length > 0).ToArray();
        AnyDomain = domains.Length == 0 || domains.Contains(Any);
        AnyOu = ous.Length == 0 || ous.Contains(Any);
        _domains = AnyDomain ? [] : domains;
        _ous = AnyOu ? [] : ous.Select(Parse).ToArray();
        UpnDomains = _domains;
        OrganizationalUnits = AnyOu ? [] : ous;
    }

    /// <summary>No limit.</summary>
    public static DirectoryScope Unrestricted { get; } = new([], []);

    /// <summary>True when any UPN domain is allowed.</summary>
    public bool AnyDomain { get; }

    /// <summary>True when any OU is allowed.</summary>
    public bool AnyOu { get; }

    /// <summary>True when neither dimension is limited.</summary>
    public bool IsUnrestricted => AnyDomain && AnyOu;

    /// <summary>The allowed domains (empty when any).</summary>
    public IReadOnlyList<string> UpnDomains { get; }

    /// <summary>The allowed OUs as configured (empty when any).</summary>
    public IReadOnlyList<string> OrganizationalUnits { get; }

    /// <summary>True when the UPN's domain (after the last '@') is allowed, exact and case-insensitive; subdomains are not implied.</summary>
    public bool PermitsUpn(string? userPrincipalName)
    {
        if (AnyDomain)
        {
            return true;
        }

        var at = userPrincipalName?.LastIndexOf('@') ?? -1;
        if (at < 0)
        {
            return false;
        }

        var domain = userPrincipalName![(at + 1)..];
        return _domains.Any(d => string.Equals(d, domain, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when the DN sits strictly under an allowed OU, RDN by RDN (RFC 4514; escaped commas handled).</summary>
    public bool PermitsDistinguishedName(string? distinguishedName)
    {
        if (AnyOu)
        {
            return true;
        }

        return DistinguishedName.TryParse(distinguishedName, out var dn) && _ous.Any(dn!.IsUnder);
    }

    private static DistinguishedName Parse(string ou) =>
        DistinguishedName.TryParse(ou, out var dn)
            ? dn!
            : throw new ArgumentException($"'{ou}' is not a distinguished name (e.g. OU=Staff,DC=contoso,DC=com).", nameof(ou));
}
