using ImmutableId.Core.OnPrem;

namespace ImmutableId.Benchmarks;

/// <summary>Counts directory lookups: each is one LDAP search round trip (the bind is reused across lookups).</summary>
internal sealed class CountingOnPremDirectory(IOnPremDirectory inner) : IOnPremDirectory
{
    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    public Task<OnPremLookup> FindByUserPrincipalNameAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lookups);
        return inner.FindByUserPrincipalNameAsync(userPrincipalName, cancellationToken);
    }

    public Task<OnPremLookup> FindByObjectGuidAsync(Guid objectGuid, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lookups);
        return inner.FindByObjectGuidAsync(objectGuid, cancellationToken);
    }

    public Task<OnPremLookup> FindBySamAccountNameAsync(string samAccountName, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lookups);
        return inner.FindBySamAccountNameAsync(samAccountName, cancellationToken);
    }

    public Task<OnPremLookup> FindByMailAsync(string address, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lookups);
        return inner.FindByMailAsync(address, cancellationToken);
    }

    public IAsyncEnumerable<OnPremUser> EnumerateUsersAsync(string? baseDn = null, CancellationToken cancellationToken = default) =>
        inner.EnumerateUsersAsync(baseDn, cancellationToken);
}
