using System.ComponentModel.DataAnnotations;
using ImmutableId.Core.Scopes;

namespace ImmutableId.Core.HardMatch;

/// <summary>
/// The write policy (configuration section <c>Policy</c>). The allow-lists are required: an empty list would allow
/// nothing, so the host refuses to start instead; <c>*</c> is the explicit "any" (say so on purpose).
/// </summary>
public sealed class PolicyOptions : IValidatableObject
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

    /// <summary>How long a set or clear waits for another one on the same cloud user before it is refused with UserBusy (409).</summary>
    [Range(1, 120)]
    public int LeaseWaitSeconds { get; init; } = 20;

    /// <summary>
    /// How long a write's per-user lease lasts without renewal (it is renewed every third of this while held): the
    /// longest a crashed writer can keep its user busy.
    /// </summary>
    [Range(15, 600)]
    public int LeaseSeconds { get; init; } = 60;

    /// <summary>The allow-lists as the product's one scope type (built once, after binding).</summary>
    public DirectoryScope Scope => _scope ??= new DirectoryScope(AllowedUpnDomains, AllowedOrganizationalUnits);

    private DirectoryScope? _scope;

    /// <summary>True when <paramref name="domain"/> is allowed.</summary>
    public bool AllowsUpnDomain(string domain) => Scope.PermitsUpn("x@" + domain);

    /// <summary>True when <paramref name="distinguishedName"/> sits under an allowed OU (RFC 4514, whole RDNs).</summary>
    public bool AllowsDistinguishedName(string distinguishedName) => Scope.PermitsDistinguishedName(distinguishedName);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var ou in AllowedOrganizationalUnits.Where(o => o.Trim() != Any))
        {
            if (!DistinguishedName.TryParse(ou, out _))
            {
                yield return new ValidationResult(
                    $"Policy:AllowedOrganizationalUnits: '{ou}' is not a distinguished name (e.g. OU=Staff,DC=contoso,DC=com).",
                    [nameof(AllowedOrganizationalUnits)]);
            }
        }
    }
}
