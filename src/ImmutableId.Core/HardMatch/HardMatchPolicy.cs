using System.Globalization;
using ImmutableId.Core.Entra;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.Core.HardMatch;

/// <summary>
/// The guardrails: every check runs and reports (passed, blocked, warning, skipped or unknown) with its code. A check
/// is passed only when its fact was read in this request; a fact that could not be read is unknown.
/// </summary>
internal sealed class HardMatchPolicy(PolicyOptions options)
{
    private const string FederatedAdvice =
        "Entra cannot change the immutable ID of a user in a federated domain. Move the user's UPN to the tenant's " +
        "*.onmicrosoft.com domain, set the immutable ID, then move the UPN back.";

    /// <summary>The checks of a set (and of status, which reports what a set would hit).</summary>
    public IReadOnlyList<GuardrailCheck> EvaluateSet(HardMatchFacts facts, SetImmutableIdRequest request)
    {
        var checks = new List<GuardrailCheck>();
        AddOnPremChecks(checks, facts, request.ObjectGuid);
        AddAnchorSourceChecks(checks, facts, request.Source);
        AddCloudChecks(checks, facts);
        AddValueChecks(checks, facts, request.Replace);
        return checks;
    }

    /// <summary>The checks of a clear. On-prem checks apply only when the user was named by objectGUID.</summary>
    public IReadOnlyList<GuardrailCheck> EvaluateClear(HardMatchFacts facts)
    {
        var checks = new List<GuardrailCheck>();
        if (facts.OnPrem is not null)
        {
            checks.Add(OnPremFound(facts));
            checks.Add(Ambiguous(facts.OnPrem));
            if (Freshness(facts.OnPrem.User) is { } fresh)
            {
                checks.Add(fresh);
            }
        }

        checks.Add(Scope(facts));
        AddCloudChecks(checks, facts);
        var cloud = facts.CloudUser;
        checks.Add(cloud is null
            ? GuardrailCheck.Skip(GuardrailCode.NothingToClear, "The cloud user was not found.")
            : string.IsNullOrEmpty(cloud.OnPremisesImmutableId)
                ? GuardrailCheck.Warn(GuardrailCode.NothingToClear, "The cloud user has no immutable ID: nothing to clear.")
                : GuardrailCheck.Pass(GuardrailCode.NothingToClear, $"The cloud user's immutable ID is {cloud.OnPremisesImmutableId}; it will be cleared."));
        return checks;
    }

    private void AddOnPremChecks(List<GuardrailCheck> checks, HardMatchFacts facts, Guid? hint)
    {
        var lookup = facts.OnPrem!;
        checks.Add(OnPremFound(facts));
        checks.Add(Ambiguous(lookup));

        var user = lookup.User;
        checks.Add(hint switch
        {
            null => GuardrailCheck.Skip(GuardrailCode.ObjectGuidMismatch, "No objectGuid was sent."),
            _ when user is null => GuardrailCheck.Skip(GuardrailCode.ObjectGuidMismatch, "The on-prem object was not resolved."),
            { } g when g == user.ObjectGuid => GuardrailCheck.Pass(GuardrailCode.ObjectGuidMismatch, "The objectGuid sent equals the resolved object's."),
            { } g => GuardrailCheck.Block(
                GuardrailCode.ObjectGuidMismatch,
                $"The objectGuid sent ({g:D}) is not the objectGUID of {user.DistinguishedName} ({user.ObjectGuid:D}). Check that the ticket names the right user; send the right objectGuid or none."),
        });

        checks.Add(user is null
            ? GuardrailCheck.Skip(GuardrailCode.OnPremAccountDisabled, "The on-prem object was not resolved.")
            : user.Enabled
                ? GuardrailCheck.Pass(GuardrailCode.OnPremAccountDisabled, "The AD account is enabled.")
                : GuardrailCheck.Block(GuardrailCode.OnPremAccountDisabled, $"The AD account {user.DistinguishedName} is disabled. Enable it in AD first if it really is the user's account."));

        checks.Add(user is null
            ? GuardrailCheck.Skip(GuardrailCode.ProtectedOnPremAccount, "The on-prem object was not resolved.")
            : user.IsProtected
                ? GuardrailCheck.Block(GuardrailCode.ProtectedOnPremAccount, $"The AD account {user.DistinguishedName} has adminCount=1 (protected by AdminSDHolder): administrative accounts are never hard-matched by this API. Use a separate, non-privileged account, or match it by hand under change control.")
                : GuardrailCheck.Pass(GuardrailCode.ProtectedOnPremAccount, "The AD account is not protected (adminCount is not 1)."));

        checks.Add(Scope(facts));
        if (Freshness(user) is { } fresh)
        {
            checks.Add(fresh);
        }
    }

    /// <summary>AgentStale: facts from the agent-fed mirror are written on only while their agent is fresh (none for live reads).</summary>
    private static GuardrailCheck? Freshness(OnPremUser? user) => user?.Provenance switch
    {
        null => null,
        { Stale: true } p => GuardrailCheck.Block(GuardrailCode.AgentStale, p.StaleDetail + " Nothing is written on stale facts."),
        { } p => GuardrailCheck.Pass(GuardrailCode.AgentStale, $"The on-prem facts come from agent '{p.AgentId}', which last synced at {p.AgentLastSync:u} (within Agents:StaleAfter)."),
    };

    private static GuardrailCheck OnPremFound(HardMatchFacts facts)
    {
        var lookup = facts.OnPrem!;
        if (lookup.Ambiguous)
        {
            return GuardrailCheck.Skip(GuardrailCode.OnPremUserNotFound, "More than one on-prem user matched.");
        }

        if (!lookup.Found)
        {
            var by = facts.User.IsObjectGuid
                ? $"objectGUID {facts.User.ObjectGuid:D}"
                : $"userPrincipalName {facts.User.UserPrincipalName}";
            return GuardrailCheck.Block(
                GuardrailCode.OnPremUserNotFound,
                $"No AD user with {by} was found under the configured base DNs. Check the spelling, that the user exists in AD and sits under OnPrem:BaseDns.");
        }

        return GuardrailCheck.Pass(GuardrailCode.OnPremUserNotFound, $"Found {lookup.User!.DistinguishedName}.");
    }

    private static GuardrailCheck Ambiguous(OnPremLookup lookup) => lookup.Ambiguous
        ? GuardrailCheck.Block(
            GuardrailCode.AmbiguousOnPremUser,
            $"{lookup.Matches.Count} AD users matched ({string.Join("; ", lookup.Matches)}). Fix the duplicate in AD, or name the user by objectGUID.")
        : GuardrailCheck.Pass(GuardrailCode.AmbiguousOnPremUser, "At most one AD user matched.");

    private GuardrailCheck Scope(HardMatchFacts facts)
    {
        var problems = new List<string>();
        var upn = facts.TargetUserPrincipalName;
        if (upn is not null)
        {
            var domain = upn[(upn.LastIndexOf('@') + 1)..];
            if (!options.AllowsUpnDomain(domain))
            {
                problems.Add($"the UPN domain {domain} is not in Policy:AllowedUpnDomains");
            }
        }

        if (facts.OnPrem?.User is { } user && !options.AllowsDistinguishedName(user.DistinguishedName))
        {
            problems.Add($"{user.DistinguishedName} is not under an OU in Policy:AllowedOrganizationalUnits");
        }

        if (problems.Count > 0)
        {
            return GuardrailCheck.Block(
                GuardrailCode.OutOfScope,
                "Out of scope: " + string.Join("; ", problems) + ". This API only writes users the policy allows; ask the API's owner to widen the policy if this user belongs in scope.");
        }

        return upn is null && facts.OnPrem?.User is null
            ? GuardrailCheck.Skip(GuardrailCode.OutOfScope, "Neither a UPN nor an on-prem object to check.")
            : GuardrailCheck.Pass(GuardrailCode.OutOfScope, "The UPN domain and the on-prem OU are in scope.");
    }

    private static void AddAnchorSourceChecks(List<GuardrailCheck> checks, HardMatchFacts facts, AnchorSourcePreference source)
    {
        var user = facts.OnPrem?.User;
        if (user is null)
        {
            checks.Add(GuardrailCheck.Skip(GuardrailCode.AnchorSourceUnavailable, "The on-prem object was not resolved."));
            checks.Add(GuardrailCheck.Skip(GuardrailCode.AnchorSourceMismatch, "The on-prem object was not resolved."));
            return;
        }

        checks.Add(source == AnchorSourcePreference.ConsistencyGuid && user.ConsistencyGuid is null
            ? GuardrailCheck.Block(
                GuardrailCode.AnchorSourceUnavailable,
                $"source=consistencyGuid was asked for, but {user.DistinguishedName} has no mS-DS-ConsistencyGuid. Send source=auto (objectGUID is what Entra Connect uses then).")
            : GuardrailCheck.Pass(GuardrailCode.AnchorSourceUnavailable, $"The anchor is read from {facts.AnchorSource}."));

        if (!user.AnchorMismatch)
        {
            checks.Add(GuardrailCheck.Pass(GuardrailCode.AnchorSourceMismatch, user.ConsistencyGuid is null
                ? "The object has no mS-DS-ConsistencyGuid; objectGUID is the anchor."
                : "mS-DS-ConsistencyGuid equals objectGUID."));
            return;
        }

        var consistency = user.ConsistencyGuid!.Value.ToImmutableId();
        var objectGuid = Anchors.SourceAnchor.FromGuid(user.ObjectGuid).ToImmutableId();
        checks.Add(GuardrailCheck.Warn(
            GuardrailCode.AnchorSourceMismatch,
            source == AnchorSourcePreference.ObjectGuid
                ? $"mS-DS-ConsistencyGuid ({consistency}) differs from objectGUID ({objectGuid}) and objectGUID was asked for: Entra Connect matches on mS-DS-ConsistencyGuid, so it will NOT match this value unless its source anchor is objectGUID."
                : $"mS-DS-ConsistencyGuid ({consistency}) differs from objectGUID ({objectGuid}), as after a forest migration; the consistency GUID is written, as Entra Connect matches on it."));
    }

    private static void AddCloudChecks(List<GuardrailCheck> checks, HardMatchFacts facts)
    {
        var cloud = facts.CloudUser;
        var upn = facts.TargetUserPrincipalName;
        if (cloud is null)
        {
            checks.Add(upn is null
                ? facts.OnPrem?.User is { } onPrem
                    ? GuardrailCheck.Block(GuardrailCode.CloudUserNotFound, $"The AD object {onPrem.DistinguishedName} has no userPrincipalName, so no cloud user can be named. Set its UPN in AD, or name the user by UPN.")
                    : GuardrailCheck.Skip(GuardrailCode.CloudUserNotFound, "No UPN is known to look the cloud user up by.")
                : GuardrailCheck.Block(GuardrailCode.CloudUserNotFound, $"No cloud user has userPrincipalName {upn}. Check the spelling, or whether the cloud UPN differs from the AD UPN (then name the user by the cloud UPN)."));
            var why = "The cloud user was not found.";
            checks.Add(upn is not null && upn.Contains("#EXT#", StringComparison.OrdinalIgnoreCase)
                ? GuardrailCheck.Block(GuardrailCode.GuestUser, $"{upn} is a B2B guest UPN (#EXT#). Guests are never hard-matched: they belong to another tenant.")
                : GuardrailCheck.Skip(GuardrailCode.GuestUser, why));
            checks.Add(GuardrailCheck.Skip(GuardrailCode.CloudUserSynced, why));
            checks.Add(GuardrailCheck.Skip(GuardrailCode.CloudUserLinked, why));
            checks.Add(GuardrailCheck.Skip(GuardrailCode.PrivilegedTarget, why));
            checks.Add(GuardrailCheck.Skip(GuardrailCode.FederatedDomain, why));
            return;
        }

        checks.Add(GuardrailCheck.Pass(GuardrailCode.CloudUserNotFound, $"Found cloud user {cloud.UserPrincipalName} ({cloud.Id})."));
        checks.Add(cloud.IsGuest
            ? GuardrailCheck.Block(GuardrailCode.GuestUser, $"{cloud.UserPrincipalName} is a B2B guest (userType {cloud.UserType ?? "unknown"}). Guests are never hard-matched: they belong to another tenant.")
            : GuardrailCheck.Pass(GuardrailCode.GuestUser, "The cloud user is a member, not a guest."));
        checks.Add(cloud.IsSynced
            ? GuardrailCheck.Block(GuardrailCode.CloudUserSynced, $"{cloud.UserPrincipalName} is already synced from AD (onPremisesSyncEnabled is true): Entra Connect owns its immutable ID. Fix the anchor on the AD side, or turn sync off for the user first.")
            : GuardrailCheck.Pass(GuardrailCode.CloudUserSynced, "The cloud user is cloud-mastered (onPremisesSyncEnabled is not true)."));
        checks.Add(Linked(cloud, facts.Preflight!.ObjectIdentifier));

        var roles = facts.Preflight!.Roles;
        checks.Add(roles.Count == 0
            ? GuardrailCheck.Pass(GuardrailCode.PrivilegedTarget, "The cloud user holds no directory role (active, eligible or through a group).")
            : GuardrailCheck.Block(GuardrailCode.PrivilegedTarget, $"{cloud.UserPrincipalName} holds directory roles ({DescribeRoles(roles)}). A hard match would hand this privileged account to whoever controls the AD object: remove the roles first (including PIM eligibility and role-assignable groups), or match it by hand under change control."));

        checks.Add(facts.Preflight.UpnDomainAuthentication switch
        {
            DomainAuthentication.Federated => GuardrailCheck.Block(GuardrailCode.FederatedDomain, $"The domain {cloud.UpnDomain} is federated. {FederatedAdvice}"),
            DomainAuthentication.Managed => GuardrailCheck.Pass(GuardrailCode.FederatedDomain, $"The domain {cloud.UpnDomain} is managed."),
            _ => GuardrailCheck.Unknown(GuardrailCode.FederatedDomain, $"How the domain {cloud.UpnDomain} authenticates could not be read (Graph does not list it as a domain of the tenant, or answered no authenticationType). If it is federated, Entra will refuse the write: check GET /domains/{cloud.UpnDomain} in Graph Explorer or the admin center."),
        });
    }

    /// <summary>
    /// CloudUserLinked: blocked when onPremisesObjectIdentifier is set; passed only when it was read in this request
    /// (Graph beta) and is empty; unknown otherwise — Entra's security hardening refuses the hard match at sync time
    /// when it is set, so a check that never read it must not say passed.
    /// </summary>
    private static GuardrailCheck Linked(CloudUser cloud, ObjectIdentifierRead? read)
    {
        var value = string.IsNullOrEmpty(cloud.OnPremisesObjectIdentifier) ? read?.Value : cloud.OnPremisesObjectIdentifier;
        if (!string.IsNullOrEmpty(value))
        {
            return GuardrailCheck.Block(
                GuardrailCode.CloudUserLinked,
                $"{cloud.UserPrincipalName} has onPremisesObjectIdentifier {value}: it was linked to an AD object before, and Entra blocks hard match onto such users (\"Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.\"). Re-linking needs a separate, approved change (clearing it takes PATCH beta/users/{cloud.Id} with {{\"onPremisesObjectIdentifier\": null}}, User-OnPremisesSyncBehavior.ReadWrite.All and a Global or Hybrid Identity Administrator); this API does not do it.");
        }

        return read is { WasRead: true }
            ? GuardrailCheck.Pass(GuardrailCode.CloudUserLinked, "onPremisesObjectIdentifier was read (Graph beta) in this request and is not set.")
            : GuardrailCheck.Unknown(
                GuardrailCode.CloudUserLinked,
                $"onPremisesObjectIdentifier could not be read in this request ({read?.Reason ?? "the Entra adapter does not read it"}). If it is set, Entra refuses the hard match at sync time (\"Hard match operation blocked due to security hardening…\"): check GET https://graph.microsoft.com/beta/users/{cloud.Id}?$select=onPremisesObjectIdentifier before syncing.");
    }

    private void AddValueChecks(List<GuardrailCheck> checks, HardMatchFacts facts, bool replace)
    {
        var cloud = facts.CloudUser;
        if (cloud is null || facts.Anchor is null)
        {
            var why = cloud is null ? "The cloud user was not found." : "The on-prem anchor is not known.";
            checks.Add(GuardrailCheck.Skip(GuardrailCode.ImmutableIdAlreadySet, why));
            checks.Add(GuardrailCheck.Skip(GuardrailCode.AlreadyMatched, why));
            checks.Add(GuardrailCheck.Skip(GuardrailCode.AnchorInUse, why));
            return;
        }

        var anchor = facts.Anchor.Value.ToImmutableId();
        var current = cloud.OnPremisesImmutableId;
        switch (facts.MatchState)
        {
            case MatchState.Matched:
                checks.Add(GuardrailCheck.Pass(GuardrailCode.ImmutableIdAlreadySet, "The immutable ID already equals the anchor."));
                checks.Add(GuardrailCheck.Warn(GuardrailCode.AlreadyMatched, $"{cloud.UserPrincipalName} already has immutable ID {anchor}: nothing to write. Run a delta sync if the accounts are not linked yet."));
                break;
            case MatchState.Different when !replace:
                checks.Add(GuardrailCheck.Block(GuardrailCode.ImmutableIdAlreadySet, $"{cloud.UserPrincipalName} already has a different immutable ID ({current}; the anchor is {anchor}). Find out which AD object it belongs to (converting the value gives its objectGUID); to re-point it, ask for replace where the policy allows it, or clear it first."));
                checks.Add(GuardrailCheck.Pass(GuardrailCode.AlreadyMatched, "The immutable ID differs from the anchor."));
                break;
            case MatchState.Different when !options.AllowReplace:
                checks.Add(GuardrailCheck.Block(GuardrailCode.ImmutableIdAlreadySet, $"{cloud.UserPrincipalName} already has a different immutable ID ({current}; the anchor is {anchor}) and replace=true was sent, but Policy:AllowReplace is false. Clear it first (DELETE), or ask the API's owner to allow replacing."));
                checks.Add(GuardrailCheck.Pass(GuardrailCode.AlreadyMatched, "The immutable ID differs from the anchor."));
                break;
            case MatchState.Different:
                checks.Add(GuardrailCheck.Pass(GuardrailCode.ImmutableIdAlreadySet, $"The immutable ID {current} will be replaced (replace=true, Policy:AllowReplace=true)."));
                checks.Add(GuardrailCheck.Pass(GuardrailCode.AlreadyMatched, "The immutable ID differs from the anchor."));
                break;
            default:
                checks.Add(GuardrailCheck.Pass(GuardrailCode.ImmutableIdAlreadySet, "The cloud user has no immutable ID."));
                checks.Add(GuardrailCheck.Pass(GuardrailCode.AlreadyMatched, "The cloud user has no immutable ID."));
                break;
        }

        var holders = facts.Preflight!.AnchorHolders.Where(h => !string.Equals(h.Id, cloud.Id, StringComparison.OrdinalIgnoreCase)).ToArray();
        checks.Add(holders.Length == 0
            ? GuardrailCheck.Pass(GuardrailCode.AnchorInUse, "No other cloud user holds the anchor (as far as Graph's eventually consistent query shows; the write checks again).")
            : GuardrailCheck.Block(GuardrailCode.AnchorInUse, $"Another cloud user already holds immutable ID {anchor}: {string.Join(", ", holders.Select(h => h.UserPrincipalName ?? h.Id))}. One AD object can match one cloud user: clear the other user's immutable ID first if it is the wrong one."));
    }

    private static string DescribeRoles(IReadOnlyList<RoleHolding> roles) => string.Join(", ", roles.Select(r =>
        string.Create(CultureInfo.InvariantCulture, $"{r.RoleName ?? r.RoleDefinitionId} ({Kind(r)})")));

    private static string Kind(RoleHolding role) => role.Kind switch
    {
        RoleHoldingKind.Active => "active",
        RoleHoldingKind.Eligible => "eligible",
        _ => "through group " + role.GroupId,
    };
}
