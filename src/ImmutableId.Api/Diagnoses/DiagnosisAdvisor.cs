using System.Globalization;
using System.Text.Json;
using ImmutableId.Core.Anchors;
using ImmutableId.Core.Diagnoses;
using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Api.Diagnoses;

/// <summary>Turns a recognised sync error and the user's status (read now) into the cause for this user and the fix as exact calls.</summary>
internal sealed class DiagnosisAdvisor
{
    private const string DeltaSync = "Start-ADSyncSyncCycle -PolicyType Delta";
    private const string GraphBase = "https://graph.microsoft.com";

    private readonly List<DiagnosisStep> _steps = [];
    private readonly string? _user;
    private readonly string _ticket;

    private DiagnosisAdvisor(string? user, string ticket)
    {
        _user = user;
        _ticket = ticket;
    }

    /// <summary>The error that applies (resolving shared texts by the user's state), the cause and the fix.</summary>
    public static (SyncErrorRule Rule, string Cause, IReadOnlyList<DiagnosisStep> Fix) Advise(SyncErrorRecognition recognition, string? user, HardMatchResult? status, string? ticket)
    {
        var advisor = new DiagnosisAdvisor(user, string.IsNullOrWhiteSpace(ticket) ? "<ticket>" : ticket);
        var rule = recognition.Rule;
        if (recognition.AlsoPossible.Count > 0 && rule.Kind == SyncErrorKind.InvalidSoftMatch && status?.MatchState != MatchState.Different)
        {
            // The duplicate-value text without a code: it is InvalidSoftMatch only when the soft-matched cloud user carries another anchor.
            rule = SyncErrorCatalog.Rule(SyncErrorKind.AttributeValueMustBeUnique);
        }

        if (user is null)
        {
            advisor.Manual($"Name the user: send \"user\" (UPN or objectGUID) with the text, or paste the full error including the user's UPN. The general fix for {rule.Title}: {rule.Meaning}");
            return (rule, $"No user was named in the body or found in the text, so only the general meaning is known: {rule.Meaning}", advisor._steps);
        }

        if (status is null || status.Outcome == HardMatchOutcome.Failed)
        {
            var why = status?.Checks.FirstOrDefault(c => c.Verdict == GuardrailVerdict.Blocked)?.Detail ?? "the status could not be read";
            advisor.Api("GET", advisor.UserPath(), null, "Read the user's status again once the directories answer.");
            return (rule, $"{rule.Meaning} The user's status could not be read now ({why}), so the cause for {user} is not known yet.", advisor._steps);
        }

        var cause = rule.Kind switch
        {
            SyncErrorKind.InvalidSoftMatch or SyncErrorKind.AttributeValueMustBeUnique => advisor.DuplicateValue(rule, status, recognition.Attribute),
            SyncErrorKind.HardMatchSecurityHardening => advisor.Hardening(status),
            SyncErrorKind.ObjectTypeMismatch => advisor.ObjectTypeMismatch(status, recognition.Attribute),
            SyncErrorKind.DataValidationFailed => advisor.DataValidation(status, recognition.Attribute),
            SyncErrorKind.FederatedDomainChangeError => advisor.FederatedChange(status),
            SyncErrorKind.InvalidHardMatch => advisor.InvalidHardMatch(status),
            _ => advisor.AdminRole(status),
        };
        return (rule, cause, advisor._steps);
    }

    private string DuplicateValue(SyncErrorRule rule, HardMatchResult status, string? attribute)
    {
        var cloud = status.CloudUser;
        var upn = status.TargetUserPrincipalName ?? _user;
        var anchor = status.Anchor?.ToImmutableId();
        var on = attribute is null ? "a unique attribute" : attribute;
        if (cloud is null)
        {
            Manual($"Find the object that holds the duplicate value of {on} named in the error (Entra admin center > Users / Groups / Contacts, or Microsoft Entra Connect Health's sync error report) and remove the value from the object that should not have it — in AD when that object is synced.");
            Command(DeltaSync, "Let Entra Connect export the corrected object.");
            return $"No cloud user has userPrincipalName {upn}: the value of {on} in the error is held by another Entra object, so this is a duplicate to remove, not an immutable ID to set.";
        }

        var blockers = status.Blockers.Where(b => b.Code is not (GuardrailCode.ImmutableIdAlreadySet or GuardrailCode.AnchorInUse)).ToList();
        if (blockers.Count > 0)
        {
            Api("GET", UserPath(), null, "Every blocker with what to do about it.");
            Manual("Resolve the blockers first: " + string.Join(" ", blockers.Select(b => $"{b.Code}: {b.Detail}")));
            return $"{rule.Title}: sync cannot link {upn} to its AD object, and this API would refuse to set the immutable ID: {string.Join(", ", blockers.Select(b => b.Code))}.";
        }

        if (status.Checks.FirstOrDefault(c => c.Code == GuardrailCode.AnchorInUse && c.Verdict == GuardrailVerdict.Blocked) is { } inUse)
        {
            var holder = HolderOf(inUse.Detail);
            if (holder is not null)
            {
                Api("DELETE", UserPath(holder) + "?dryRun=true", null, $"Check clearing the anchor from {holder}, which holds it wrongly.");
                Api("DELETE", UserPath(holder) + $"?ticket={Uri.EscapeDataString(_ticket)}", null, $"Clear it from {holder}.");
            }
            else
            {
                Manual(inUse.Detail);
            }

            SetSteps(replace: false);
            return $"{rule.Title}: the anchor of {upn}'s AD object ({anchor}) is already held by another cloud user ({inUse.Detail}). Sync matches one AD object to one cloud user: the other user must give it up first.";
        }

        switch (status.MatchState)
        {
            case MatchState.Different:
                var current = cloud.OnPremisesImmutableId!;
                SetSteps(replace: true);
                return $"InvalidSoftMatch: hard match found no cloud object with {upn}'s anchor {anchor}, and soft match found the cloud user {cloud.UserPrincipalName}, which already has immutable ID {current} ({AsGuid(current)}) — it was linked to another AD object. " +
                    "If the cloud user really is this AD user, re-point it to the anchor (replace=true, where Policy:AllowReplace is true; otherwise clear it first with DELETE).";
            case MatchState.NotSet:
                SetSteps(replace: false);
                return $"{rule.Title}: the cloud user {cloud.UserPrincipalName} has no immutable ID, so sync does not recognise it as the AD object's twin and fails on the duplicate value of {on}. Writing the AD anchor {anchor} makes the next sync hard-match it.";
            case MatchState.Matched:
                Command(DeltaSync, "The cloud user already holds the anchor: a delta sync hard-matches it.");
                Manual($"If the error persists, the duplicate value of {on} sits on another object: remove it there.");
                return $"{rule.Title}: the cloud user {cloud.UserPrincipalName} already holds the AD anchor {anchor}; the next sync hard-matches it. A remaining duplicate of {on} is on another object.";
            default:
                Api("GET", UserPath(), null, "Read both sides; the AD object or its anchor was not found.");
                return $"{rule.Title}: the AD side of {upn} was not resolved, so the anchor to write is unknown.";
        }
    }

    private string Hardening(HardMatchResult status)
    {
        var linked = status.Checks.FirstOrDefault(c => c.Code == GuardrailCode.CloudUserLinked);
        var privileged = status.Checks.FirstOrDefault(c => c.Code == GuardrailCode.PrivilegedTarget);
        var cloud = status.CloudUser;
        var causes = new List<string>();
        if (linked?.Verdict == GuardrailVerdict.Blocked && cloud is not null)
        {
            causes.Add($"{cloud.UserPrincipalName} has onPremisesObjectIdentifier {cloud.OnPremisesObjectIdentifier}: it was linked to an AD object before, and Entra will not remap it");
            Manual($"Confirm (change control) that {cloud.UserPrincipalName} should now belong to the AD object {status.OnPremUser?.DistinguishedName ?? "named in the error"} and not to the one it was linked to before.");
            Graph("PATCH", $"{GraphBase}/beta/users/{cloud.Id}", "{\"onPremisesObjectIdentifier\":null}",
                "Clear the old link (null only). Needs the application permission User-OnPremisesSyncBehavior.ReadWrite.All and a Global or Hybrid Identity Administrator; this API does not do it.");
        }

        if (privileged?.Verdict == GuardrailVerdict.Blocked)
        {
            causes.Add($"the cloud user holds directory roles ({DescribeRoles(status.Roles)}), and Entra blocks hard match onto any role holder, assigned or eligible");
            Manual("Remove the role assignments and PIM eligibilities (and role-assignable group memberships) of the cloud user, or keep it cloud-only and give the AD user a separate account.");
        }

        if (causes.Count == 0)
        {
            if (linked?.Verdict == GuardrailVerdict.Unknown)
            {
                Graph("GET", $"{GraphBase}/beta/users/{cloud?.Id ?? "{id}"}?$select=onPremisesObjectIdentifier", null, "Read the property by hand: the API could not read it (" + linked.Detail + ").");
                return $"Entra blocks the hard match when onPremisesObjectIdentifier is set or the user holds a role. The user holds no role, but onPremisesObjectIdentifier could not be read now, so it is the likely cause: {linked.Detail}";
            }

            Command(DeltaSync, "Neither cause is present now: sync again.");
            return "Entra blocks the hard match when onPremisesObjectIdentifier is set or the cloud user holds a role; neither is true now (both read in this request), so the block may have been lifted since the error: run a delta sync.";
        }

        SetSteps(replace: false, syncOnly: status.MatchState == MatchState.Matched);
        return "Hard match blocked by security hardening: " + string.Join("; and ", causes) + ".";
    }

    private string ObjectTypeMismatch(HardMatchResult status, string? attribute)
    {
        var on = attribute ?? "proxyAddresses / userPrincipalName";
        Manual($"Find the group or contact that holds the same {on} value as the AD user (Entra admin center > Groups / Contacts, or Entra Connect Health's sync error report) and remove the value from the object that should not have it; an immutable ID does not fix this.");
        Command(DeltaSync, "Let Entra Connect export the user again.");
        var cloud = status.CloudUser is { } c
            ? $"A cloud user {c.UserPrincipalName} exists too (immutable ID {c.OnPremisesImmutableId ?? "not set"})"
            : $"No cloud user has userPrincipalName {status.TargetUserPrincipalName ?? _user}, which fits a group or contact holding the value";
        return $"ObjectTypeMismatch: soft match found an object of another type (group or contact) with the same {on} as {_user}. {cloud}.";
    }

    private string DataValidation(HardMatchResult status, string? attribute)
    {
        var named = attribute is null or "None"
            ? "The error names no attribute ([None]): open the object's pending export in the Synchronization Service Manager and compare the values being added (often a custom rule's attribute such as certificateUserIds)"
            : $"The attribute named is {attribute}";
        Manual(named + "; correct the value in AD (the source of authority) to a format Entra accepts.");
        Command(DeltaSync, "Export the corrected value.");
        return $"DataValidationFailed: Entra refused a value of {_user}'s AD object before writing it. {named}. The immutable ID is not involved (its check here: match state {status.MatchState.ToString().ToLowerInvariant()}).";
    }

    private string FederatedChange(HardMatchResult status)
    {
        var cloud = status.CloudUser;
        var id = cloud?.Id ?? "{id}";
        Graph("PATCH", $"{GraphBase}/v1.0/users/{id}", "{\"userPrincipalName\":\"<alias>@<tenant>.onmicrosoft.com\"}", "Move the cloud UPN to the tenant's onmicrosoft.com domain first (an administrator, e.g. User Administrator).");
        Graph("PATCH", $"{GraphBase}/v1.0/users/{id}", $"{{\"userPrincipalName\":\"{status.OnPremUser?.UserPrincipalName ?? "<new UPN>"}\"}}", "Then to the new federated UPN (or let the next sync do it).");
        Command(DeltaSync, "Sync again.");
        var fed = status.Checks.FirstOrDefault(c => c.Code == GuardrailCode.FederatedDomain);
        return $"FederatedDomainChangeError: the UPN of {_user} moved from one federated domain to another (cloud UPN {cloud?.UserPrincipalName ?? "unknown"}, AD UPN {status.OnPremUser?.UserPrincipalName ?? "unknown"}); Entra does not take that change from sync in one step. {fed?.Detail}";
    }

    private string InvalidHardMatch(HardMatchResult status)
    {
        Manual("A Global Administrator checks the tenant flag: GET https://graph.microsoft.com/v1.0/directory/onPremisesSynchronization (features.blockCloudObjectTakeoverThroughHardMatchEnabled); an app-only identity cannot read it.");
        Manual("If the takeover is intended, turn the flag off for the migration only, sync, and turn it on again (Microsoft advises keeping it on).");
        Command(DeltaSync, "Sync while the flag is off.");
        var state = status.MatchState == MatchState.Matched
            ? $"The cloud user {status.CloudUser!.UserPrincipalName} already holds the AD anchor {status.Anchor?.ToImmutableId()}, so only the tenant flag stands between them."
            : $"Match state now: {status.MatchState.ToString().ToLowerInvariant()}.";
        return $"InvalidHardMatch: a cloud object holds {_user}'s anchor, but the tenant blocks cloud object takeover through hard match. Setting the immutable ID cannot fix it. {state}";
    }

    private string AdminRole(HardMatchResult status)
    {
        var roles = status.Roles;
        Manual(roles.Count > 0
            ? $"Remove the cloud user's admin roles ({DescribeRoles(roles)}), including PIM eligibilities and role-assignable groups; restore them after the match."
            : "The cloud user holds no role now (read in this request): the conflict may be gone.");
        SetSteps(replace: false, syncOnly: status.MatchState == MatchState.Matched);
        return roles.Count > 0
            ? $"Existing Admin Role Conflict: the cloud user {status.CloudUser?.UserPrincipalName} holds {DescribeRoles(roles)}; Entra will not soft-match (nor, since 2026, hard-match) onto a role holder, and this API refuses it too (PrivilegedTarget)."
            : $"Existing Admin Role Conflict: {_user}'s cloud user holds no directory role now (read in this request); sync again.";
    }

    private void SetSteps(bool replace, bool syncOnly = false)
    {
        if (!syncOnly)
        {
            var body = JsonSerializer.Serialize(replace
                ? new Dictionary<string, object> { ["ticket"] = _ticket, ["reason"] = "sync error", ["replace"] = true }
                : new Dictionary<string, object> { ["ticket"] = _ticket, ["reason"] = "sync error" });
            Api("PUT", UserPath() + "?dryRun=true", body, "Dry run: every check and the exact value, nothing written.");
            Api("PUT", UserPath(), body, "Write the AD anchor (send an Idempotency-Key header; retries are then safe).");
        }

        Command(DeltaSync, "Run on the Entra Connect server so sync links the accounts (use -PolicyType Initial if the delta fails).");
    }

    private string UserPath(string? user = null) => $"/api/users/{Uri.EscapeDataString(user ?? _user!)}/immutable-id";

    private void Api(string method, string path, string? body, string why) => _steps.Add(new DiagnosisStep(_steps.Count + 1, "api", method, path, body, why));

    private void Graph(string method, string url, string? body, string why) => _steps.Add(new DiagnosisStep(_steps.Count + 1, "graph", method, url, body, why));

    private void Command(string command, string why) => _steps.Add(new DiagnosisStep(_steps.Count + 1, "command", null, command, null, why));

    private void Manual(string what) => _steps.Add(new DiagnosisStep(_steps.Count + 1, "manual", null, string.Empty, null, what));

    private static string AsGuid(string immutableId) =>
        SourceAnchor.Parse(immutableId, AnchorFormat.ImmutableId) is { Success: true } parsed ? "objectGUID " + parsed.Anchor.ToGuidString() : "not a GUID-based anchor";

    private static string? HolderOf(string detail)
    {
        var colon = detail.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var rest = detail[(colon + 2)..];
        var end = rest.IndexOfAny([',', ' ']);
        var first = end < 0 ? rest : rest[..end];
        while (first.EndsWith('.'))
        {
            first = first[..^1];
        }

        return first.Contains('@', StringComparison.Ordinal) ? first : null;
    }

    private static string DescribeRoles(IReadOnlyList<RoleHolding> roles) => string.Join(", ", roles.Select(r =>
        string.Create(CultureInfo.InvariantCulture, $"{r.RoleName ?? r.RoleDefinitionId} ({r.Kind.ToString().ToLowerInvariant()})")));
}
