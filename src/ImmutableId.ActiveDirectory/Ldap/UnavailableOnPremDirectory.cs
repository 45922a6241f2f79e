using ImmutableId.Core.OnPrem;

namespace ImmutableId.ActiveDirectory.Ldap;

/// <summary>Agent mode, until the agent exists: every call fails as misconfigured (a 503-style problem, not a 500).</summary>
internal sealed class UnavailableOnPremDirectory : IOnPremDirectory
{
    private static OnPremDirectoryException NotBuilt() => new(OnPremFailure.Misconfigured,
        "OnPrem:Mode Agent is not available yet: use Ldap (live DC) or Ldif (snapshot).");

    public Task<OnPremLookup> FindByUserPrincipalNameAsync(string userPrincipalName, CancellationToken cancellationToken = default) => throw NotBuilt();

    public Task<OnPremLookup> FindByObjectGuidAsync(Guid objectGuid, CancellationToken cancellationToken = default) => throw NotBuilt();

    public Task<OnPremLookup> FindBySamAccountNameAsync(string samAccountName, CancellationToken cancellationToken = default) => throw NotBuilt();

    public Task<OnPremLookup> FindByMailAsync(string address, CancellationToken cancellationToken = default) => throw NotBuilt();

    public IAsyncEnumerable<OnPremUser> EnumerateUsersAsync(string? baseDn = null, CancellationToken cancellationToken = default) => throw NotBuilt();
}
