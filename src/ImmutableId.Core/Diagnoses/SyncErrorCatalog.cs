using System.Text.RegularExpressions;

namespace ImmutableId.Core.Diagnoses;

/// <summary>
/// The sync errors the API recognises, each with the real message text (or code) Entra Connect, Cloud Sync or the
/// Entra admin center shows, and its source. Pure: no I/O; the API combines a recognition with the user's status.
/// </summary>
public static class SyncErrorCatalog
{
    /// <summary>The longest text looked at (a pasted export error with its details fits easily).</summary>
    public const int MaxTextLength = 8192;

    private const string TroubleshootSyncErrors = "https://learn.microsoft.com/entra/identity/hybrid/connect/tshoot-connect-sync-errors";
    private const string DuplicateAttributes = "https://learn.microsoft.com/troubleshoot/microsoft-365/admin/active-directory/duplicate-attributes-prevent-dirsync";
    private const string ExistingTenant = "https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-install-existing-tenant";

    // Linear time in the text's length (no backtracking, so no catastrophic case and no timeout): a wall-clock match
    // timeout answered "not recognised" for a known error whenever the machine was busy (a stress run met it).
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private static Regex Pattern(string pattern) => new(pattern, Options);

    // The duplicate-value text Connect shows for both InvalidSoftMatch and AttributeValueMustBeUnique (KB 2647098;
    // event 6941 names it with "Error Name: AttributeValueMustBeUnique"; the Synchronization Service Manager shows the
    // same text under InvalidSoftMatch).
    private static readonly Regex DuplicateValueText = Pattern(@"have values that may already be associated with another object");

    /// <summary>The rules, most specific first.</summary>
    public static IReadOnlyList<SyncErrorRule> Rules { get; } =
    [
        new(SyncErrorKind.HardMatchSecurityHardening,
            "Hard match blocked by security hardening",
            "Since mid-2026 Entra refuses to hard-match an AD object onto a cloud user whose onPremisesObjectIdentifier is already set (it was linked to an AD object before), and onto cloud users holding an Entra role (assigned or eligible).",
            "no",
            [ExistingTenant + " (\"Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.\")"],
            [Pattern(@"Hard match operation blocked due to security hardening"), Pattern(@"Review OnPremisesObjectIdentifier mapping")]),
        new(SyncErrorKind.FederatedDomainChangeError,
            "FederatedDomainChangeError",
            "A synced user's UPN suffix was changed from one federated domain to another; Entra does not take that change from sync in one step.",
            "no",
            [TroubleshootSyncErrors, "Microsoft KB 2669550 (archived at https://mskb.pkisolutions.com/kb/2669550): \"Unable to update this object in Microsoft Online Services, because the attribute FederatedUser.UserPrincipalName is not valid. Update the value in your local Active Directory\""],
            [Pattern(@"\bFederatedDomainChangeError\b"), Pattern(@"FederatedUser\.UserPrincipalName")]),
        new(SyncErrorKind.InvalidSoftMatch,
            "InvalidSoftMatch",
            "No cloud object holds the AD object's anchor (hard match failed), but soft match (proxyAddresses / userPrincipalName) found a cloud object that already has a different immutable ID.",
            "yes",
            [TroubleshootSyncErrors, "https://blog.terenceluk.com/2016/12/dirsync-export-job-in-synchronization.html (InvalidSoftMatch with \"Unable to update this object because the following attributes associated with this object have values that may already be associated with another object in your local directory services: [ProxyAddresses SMTP:…;]. Correct or remove the duplicate values in your local directory.\")"],
            [Pattern(@"\bInvalidSoftMatch\b"), Pattern(@"\bInvalid Soft Match\b")]),
        new(SyncErrorKind.AttributeValueMustBeUnique,
            "AttributeValueMustBeUnique",
            "A unique attribute (userPrincipalName, proxyAddresses, mail, signInName) of the AD object is already held by another object in Entra.",
            "sometimes",
            [TroubleshootSyncErrors, DuplicateAttributes + " (event 6941 \"Error Name: AttributeValueMustBeUnique\" with \"Unable to update this object because the following attributes associated with this object have values that may already be associated with another object in your local directory services: [UserPrincipalName john@contoso.com;]. Correct or remove the duplicate values in your local directory.\")"],
            [Pattern(@"\bAttributeValueMustBeUnique\b")]),
        new(SyncErrorKind.ObjectTypeMismatch,
            "ObjectTypeMismatch",
            "Soft match found an object of another type (a group or contact) with the same proxyAddresses / userPrincipalName as the AD user.",
            "no",
            [TroubleshootSyncErrors],
            [Pattern(@"\bObjectTypeMismatch\b")]),
        new(SyncErrorKind.InvalidHardMatch,
            "InvalidHardMatch",
            "A cloud object holds the anchor, but the tenant blocks cloud object takeover through hard match (BlockCloudObjectTakeoverThroughHardMatchEnabled).",
            "no",
            [TroubleshootSyncErrors],
            [Pattern(@"\bInvalidHardMatch\b"), Pattern(@"BlockCloudObjectTakeoverThroughHardMatch")]),
        new(SyncErrorKind.ExistingAdminRoleConflict,
            "Existing Admin Role Conflict",
            "Soft match onto a cloud user holding an administrative role is not allowed.",
            "no",
            [TroubleshootSyncErrors],
            [Pattern(@"Existing\s*Admin\s*Role\s*Conflict"), Pattern(@"\bAdminRoleConflict\b")]),
        new(SyncErrorKind.DataValidationFailed,
            "DataValidationFailed",
            "Entra refused the data itself before writing it: an attribute value is invalid or in the wrong format.",
            "no",
            [TroubleshootSyncErrors + " (IdentityDataValidationFailed)", "https://timmcmic.blog/2023/11/01/entraid-connect-export-operation-datavalidationfailed-and-certificateuserids/ (\"Unable to update this object in Azure Active Directory, because the attribute [None], is not valid. Update the value in your local directory services.\")", "https://blog.ryanbetts.co.uk/2015/10/azure-ad-dirsync-unable-to-update-this.html (error code 0x8023134a DataValidationFailed)"],
            [Pattern(@"\b(?:Identity)?DataValidationFailed\b"), Pattern(@"0x8023134a"), Pattern(@"because the attribute \[[^\]]*\],? is not valid")]),
    ];

    /// <summary>Every pattern looked for, for the "not recognised" answer.</summary>
    public static IReadOnlyList<string> LookedFor { get; } =
        [.. Rules.SelectMany(r => r.LookedFor.Select(p => $"{r.Title}: /{p}/")), $"InvalidSoftMatch or AttributeValueMustBeUnique: /{DuplicateValueText}/"];

    /// <summary>Recognises the error in <paramref name="text"/>, or answers null.</summary>
    public static SyncErrorRecognition? Recognize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextLength)
        {
            text = text[..MaxTextLength];
        }

        var users = UserPrincipalNames(text);
        var attribute = Attribute(text);
        foreach (var rule in Rules)
        {
            foreach (var pattern in rule.Patterns)
            {
                var match = pattern.Match(text);
                if (match.Success)
                {
                    return new SyncErrorRecognition(rule, match.Value, [], users, attribute);
                }
            }
        }

        var duplicate = DuplicateValueText.Match(text);
        if (duplicate.Success)
        {
            // The same text is reported under both names; the user's state decides which one applies.
            return new SyncErrorRecognition(Rule(SyncErrorKind.InvalidSoftMatch), duplicate.Value, [Rule(SyncErrorKind.AttributeValueMustBeUnique)], users, attribute);
        }

        return null;
    }

    /// <summary>The rule of <paramref name="kind"/>.</summary>
    public static SyncErrorRule Rule(SyncErrorKind kind) => Rules.First(r => r.Kind == kind);

    private static List<string> UserPrincipalNames(string text)
    {
        var found = new List<string>();
        foreach (Match m in UpnRegexPattern.Matches(text))
        {
            var value = m.Groups["upn"].Value.TrimEnd('.');
            if (!found.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                found.Add(value);
            }
        }

        // "[UserPrincipalName x@y;]" names the UPN explicitly: put it first.
        var named = NamedUpnRegexPattern.Match(text);
        if (named.Success)
        {
            var upn = named.Groups["upn"].Value;
            found.RemoveAll(u => string.Equals(u, upn, StringComparison.OrdinalIgnoreCase));
            found.Insert(0, upn);
        }

        return found;
    }

    private static string? Attribute(string text)
    {
        var attribute = AttributeRegexPattern.Match(text);
        if (attribute.Success)
        {
            return attribute.Groups["name"].Value;
        }

        var listed = ListedAttributeRegexPattern.Match(text);
        return listed.Success ? listed.Groups["name"].Value : null;
    }

    private static readonly Regex UpnRegexPattern = Pattern(@"(?:smtp:)?(?<upn>[A-Za-z0-9._'!#^~+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)");

    private static readonly Regex NamedUpnRegexPattern = Pattern(@"UserPrincipalName\s+(?<upn>[A-Za-z0-9._'!#^~+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)");

    private static readonly Regex AttributeRegexPattern = Pattern(@"the attribute \[?(?<name>[A-Za-z][A-Za-z0-9.]*)\]?,? is not valid");

    private static readonly Regex ListedAttributeRegexPattern = Pattern(@"\[(?<name>ProxyAddresses|UserPrincipalName|Mail|SignInName|OnPremisesSecurityIdentifier)\b");
}
