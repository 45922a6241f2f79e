using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Scopes;

namespace ImmutableId.Core.Jobs;

/// <summary>
/// The candidates of an assess job sent without users: every cloud member user in a UPN domain both the policy
/// (<c>Policy:AllowedUpnDomains</c>) and the caller's scope allow, with no <c>onPremisesImmutableId</c> and not synced.
/// Each then runs the assess item's workflow (resolved in AD, every guardrail, nothing written), so a user without an
/// AD counterpart, an ambiguous one or one a guardrail blocks shows up in the report with its reason.
/// </summary>
/// <remarks>
/// Guests are left out (a guest's account lives in its home tenant: there is nothing to hard-match), as are users
/// already holding an anchor (set or synced: nothing to assess) — the same facts the guardrails read per user.
/// </remarks>
public sealed class CandidateDiscovery(ICloudUserCatalog catalog, PolicyOptions policy)
{
    /// <summary>
    /// The candidates' UPNs in Graph's order, at most <paramref name="limit"/>; <c>Truncated</c> is true when there
    /// were more (the job would exceed its limit), <c>Scanned</c> counts the users read.
    /// </summary>
    public async Task<CandidateList> DiscoverAsync(DirectoryScope callerScope, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callerScope);
        var allowed = policy.Scope;
        var candidates = new List<string>();
        var scanned = 0;
        await foreach (var user in catalog.ListUsersAsync(cancellationToken).ConfigureAwait(false))
        {
            scanned++;
            if (!IsCandidate(user, allowed, callerScope))
            {
                continue;
            }

            if (candidates.Count == limit)
            {
                return new CandidateList(candidates, scanned, Truncated: true);
            }

            candidates.Add(user.UserPrincipalName!);
        }

        return new CandidateList(candidates, scanned, Truncated: false);
    }

    /// <summary>Whether the listed user is a candidate under both scopes.</summary>
    public static bool IsCandidate(CloudUserListing user, DirectoryScope policyScope, DirectoryScope callerScope)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(policyScope);
        ArgumentNullException.ThrowIfNull(callerScope);
        return !string.IsNullOrWhiteSpace(user.UserPrincipalName)
            && !string.Equals(user.UserType, "Guest", StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrEmpty(user.OnPremisesImmutableId)
            && user.OnPremisesSyncEnabled != true
            && policyScope.PermitsUpn(user.UserPrincipalName)
            && callerScope.PermitsUpn(user.UserPrincipalName);
    }
}

/// <summary>What discovery found.</summary>
/// <param name="UserPrincipalNames">The candidates.</param>
/// <param name="Scanned">Users read from the tenant.</param>
/// <param name="Truncated">True when more candidates existed than the limit.</param>
public sealed record CandidateList(IReadOnlyList<string> UserPrincipalNames, int Scanned, bool Truncated);
