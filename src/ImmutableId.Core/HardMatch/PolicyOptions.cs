using System.ComponentModel.DataAnnotations;

namespace ImmutableId.Core.HardMatch;

/// <summary>
/// The write policy (configuration section <c>Policy</c>). The allow-lists are required: an empty list would allow
/// nothing, so the host refuses to start instead; <c>*</c> is the explicit "any" (say so on purpose).
/// </summary>
public sealed class PolicyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Policy";

    /// <summary>The value that allows every UPN domain or every OU, when written alone in a list.</summary>
    public const string Any = "*";

    /// <summary>UPN domains whose users may be written (<c>contoso.com</c>; exact, case-insensitive; subdomains are not implied).</summary>
    [Required]
    [MinLength(1, ErrorMessage = "Policy:AllowedUpnDomains needs at least one domain (or \"*\" for any): an empty allow-list would refuse every user.")]
    public IList<string> AllowedUpnDomains { get; init; } = [];

    /// <summary>DN suffixes (<c>OU=Staff,DC=contoso,DC=com</c>) on-prem objects must sit under (case-insensitive, on RDN boundaries).</summary>
    [Required]
    [MinLength(1, ErrorMessage = "Policy:AllowedOrganizationalUnits needs at least one DN suffix (or \"*\" for any): an empty allow-list would refuse every user.")]
    public IList<string> AllowedOrganizationalUnits { get; init; } = [];

    /// <summary>When true, a caller may replace a different immutable ID by sending <c>replace: true</c>. Off by default (re-linking is a takeover path).</summary>
    public bool AllowReplace { get; init; }

    /// <summary>How many read-backs verify a write (Graph is eventually consistent).</summary>
    [Range(1, 10)]
    public int VerifyAttempts { get; init; } = 3;

    /// <summary>The pause before each read-back after the first, in milliseconds.</summary>
    [Range(0, 5000)]
    public int VerifyDelayMilliseconds { get; init; } = 250;

    /// <summary>True when <paramref name="domain"/> is allowed.</summary>
    public bool AllowsUpnDomain(string domain) =>
        AllowedUpnDomains.Any(d => d == Any || string.Equals(d.Trim(), domain, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="distinguishedName"/> sits under an allowed OU (RDN boundary: <c>,OU=…</c>).</summary>
    public bool AllowsDistinguishedName(string distinguishedName) =>
        AllowedOrganizationalUnits.Any(ou => ou == Any || IsUnder(distinguishedName, ou.Trim()));

    private static bool IsUnder(string dn, string suffix)
    {
        dn = Normalize(dn);
        suffix = Normalize(suffix);
        if (suffix.Length == 0 || dn.Length <= suffix.Length || !dn.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // The suffix must start a whole RDN: the character before it is an unescaped ','.
        var comma = dn.Length - suffix.Length - 1;
        if (dn[comma] != ',')
        {
            return false;
        }

        var backslashes = 0;
        for (var i = comma - 1; i >= 0 && dn[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0;
    }

    // "OU=Staff, DC=contoso" and "OU=Staff,DC=contoso" are the same DN.
    private static string Normalize(string dn) => System.Text.RegularExpressions.Regex.Replace(dn.Trim(), @"\s*,\s*", ",");
}
