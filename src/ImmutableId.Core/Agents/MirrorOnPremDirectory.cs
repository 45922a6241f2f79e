using System.Runtime.CompilerServices;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.Core.Agents;

/// <summary>
/// <see cref="IOnPremDirectory"/> over the agent-fed mirror (OnPrem mode Agent). A found entry whose agent has not synced
/// within <see cref="AgentOptions.StaleAfter"/> is answered with its provenance marked stale (how old, which agent): status
/// shows it, and the AgentStale guardrail refuses every write on it. "Not found" needs every agent fresh (any of them
/// could own the user), else the lookup fails with <see cref="OnPremFailure.Stale"/>.
/// </summary>
public sealed class MirrorOnPremDirectory(IOnPremMirror mirror, AgentOptions options, TimeProvider timeProvider) : IOnPremDirectory
{
    /// <summary>The stable code the stale refusal's message starts with.</summary>
    public const string StaleCode = "AgentStale";

    public async Task<OnPremLookup> FindByUserPrincipalNameAsync(string userPrincipalName, CancellationToken cancellationToken = default) =>
        await AnswerAsync(string.IsNullOrWhiteSpace(userPrincipalName) ? [] : await mirror.FindByUserPrincipalNameAsync(userPrincipalName, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task<OnPremLookup> FindByObjectGuidAsync(Guid objectGuid, CancellationToken cancellationToken = default) =>
        await AnswerAsync(await mirror.GetAsync(objectGuid, cancellationToken).ConfigureAwait(false) is { } entry ? [entry] : [], cancellationToken).ConfigureAwait(false);

    public async Task<OnPremLookup> FindBySamAccountNameAsync(string samAccountName, CancellationToken cancellationToken = default)
    {
        // CORP\jdoe -> jdoe: the domain part is not stored on the user.
        var slash = samAccountName?.IndexOf('\\', StringComparison.Ordinal) ?? -1;
        var sam = slash >= 0 ? samAccountName![(slash + 1)..] : samAccountName;
        return await AnswerAsync(string.IsNullOrWhiteSpace(sam) ? [] : await mirror.FindBySamAccountNameAsync(sam, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    public async Task<OnPremLookup> FindByMailAsync(string address, CancellationToken cancellationToken = default)
    {
        var bare = address?.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) == true ? address[5..] : address;
        return await AnswerAsync(string.IsNullOrWhiteSpace(bare) ? [] : await mirror.FindByMailAsync(bare, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<OnPremUser> EnumerateUsersAsync(string? baseDn = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureFreshAsync(null, cancellationToken).ConfigureAwait(false);
        var scope = baseDn is null ? null : new AgentBinding { BaseDns = [baseDn] };
        await foreach (var entry in mirror.EnumerateAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (scope is null || scope.Covers(entry.User.DistinguishedName))
            {
                yield return entry.ToOnPremUser();
            }
        }
    }

    private async Task<OnPremLookup> AnswerAsync(IReadOnlyList<MirrorEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            // "Not found" needs every agent to be fresh: any of them could own the user.
            await EnsureFreshAsync(null, cancellationToken).ConfigureAwait(false);
            return OnPremLookup.NotFound;
        }

        // A found entry is answered with its own agent's freshness: stale facts are marked, never silently served.
        var agents = await mirror.ListAgentsAsync(countEntries: false, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        return OnPremLookup.FromMatches(entries.Select(e =>
        {
            var user = e.ToOnPremUser();
            var last = agents.FirstOrDefault(a => string.Equals(a.AgentId, e.AgentId, StringComparison.Ordinal))?.LastSync;
            return user with { Provenance = user.Provenance! with { AgentLastSync = last, StaleDetail = StaleDetail(e.AgentId, last, now) } };
        }).ToArray());
    }

    private string? StaleDetail(string agentId, DateTimeOffset? lastSync, DateTimeOffset now)
    {
        if (lastSync is not { } last)
        {
            return $"{StaleCode}: the on-prem agent '{agentId}' has no recorded sync, so these on-prem facts may be out of date. Check the agent's service and its log, then the list of agents.";
        }

        var age = now - last;
        return age > options.StaleAfter
            ? $"{StaleCode}: the on-prem agent '{agentId}' last synced {age.TotalMinutes:0} minutes ago ({last:u}), longer than Agents:StaleAfter ({options.StaleAfter}); these on-prem facts may be out of date. Check the agent's service and its log, then the list of agents."
            : null;
    }

    private async Task EnsureFreshAsync(IReadOnlySet<string>? agentIds, CancellationToken cancellationToken)
    {
        var agents = await mirror.ListAgentsAsync(countEntries: false, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var relevant = agentIds is null
            ? options.Bindings.Select(b => b.Id).ToArray()
            : agentIds.ToArray();
        foreach (var id in relevant)
        {
            var state = agents.FirstOrDefault(a => string.Equals(a.AgentId, id, StringComparison.Ordinal));
            if (state?.LastSync is not { } last)
            {
                throw new OnPremDirectoryException(OnPremFailure.Stale,
                    $"{StaleCode}: the on-prem agent '{id}' has not posted yet, so the on-prem facts are unknown. Install and start the agent (docs/agent.md) and check the list of agents.");
            }

            var age = now - last;
            if (age > options.StaleAfter)
            {
                throw new OnPremDirectoryException(OnPremFailure.Stale,
                    $"{StaleCode}: the on-prem agent '{id}' last synced {age.TotalMinutes:0} minutes ago, longer than Agents:StaleAfter ({options.StaleAfter}). Check the agent's service and its log, then the list of agents.");
            }
        }
    }
}
