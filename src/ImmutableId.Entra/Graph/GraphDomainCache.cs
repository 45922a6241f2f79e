using System.Collections.Concurrent;
using ImmutableId.Core.Entra;

namespace ImmutableId.Entra.Graph;

/// <summary>
/// How each of the tenant's domains authenticates, as last read with <c>GET /domains/{name}</c>, kept per instance
/// for <see cref="EntraOptions.DomainCacheDuration"/> and shared by every Graph client of the instance. A domain's
/// federation changes by an administrator's deliberate act, rarely; reading it for every user was a Graph request per
/// call. A stale entry cannot cause a wrong write: Graph itself refuses to change the immutable ID of a user in a
/// federated domain, and that refusal is mapped to <c>FederatedDomain</c> like the guardrail's.
/// </summary>
internal sealed class GraphDomainCache(TimeSpan duration, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _domains = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The cached authentication of <paramref name="domain"/>, when it was read within the cache duration.</summary>
    public bool TryGet(string domain, out DomainAuthentication authentication)
    {
        if (duration > TimeSpan.Zero && _domains.TryGetValue(domain, out var entry) && time.GetUtcNow() - entry.ReadAt < duration)
        {
            authentication = entry.Authentication;
            return true;
        }

        authentication = DomainAuthentication.Unknown;
        return false;
    }

    /// <summary>Keeps a fresh read of <paramref name="domain"/>.</summary>
    public void Store(string domain, DomainAuthentication authentication) =>
        _domains[domain] = new Entry(authentication, time.GetUtcNow());

    private sealed record Entry(DomainAuthentication Authentication, DateTimeOffset ReadAt);
}
