namespace ImmutableId.Core.OnPrem;

/// <summary>The on-premises Active Directory, as the workflow reads it (live LDAP, an LDIF snapshot, or agent-posted anchors).</summary>
/// <remarks>
/// Lookups answer "not found" and "ambiguous" as values. Infrastructure failures (DC unreachable, bad bind
/// credentials, TLS trust) throw <see cref="OnPremDirectoryException"/> with a <see cref="OnPremFailure"/>.
/// </remarks>
public interface IOnPremDirectory
{
    /// <summary>Finds the user whose userPrincipalName equals <paramref name="userPrincipalName"/> (case-insensitive, as AD compares).</summary>
    /// <exception cref="OnPremDirectoryException">The directory could not be read.</exception>
    Task<OnPremLookup> FindByUserPrincipalNameAsync(string userPrincipalName, CancellationToken cancellationToken = default);

    /// <summary>Finds the user whose objectGUID is <paramref name="objectGuid"/>.</summary>
    /// <exception cref="OnPremDirectoryException">The directory could not be read.</exception>
    Task<OnPremLookup> FindByObjectGuidAsync(Guid objectGuid, CancellationToken cancellationToken = default);

    /// <summary>Finds the user by sAMAccountName (<c>jdoe</c> or <c>CORP\jdoe</c>).</summary>
    /// <exception cref="OnPremDirectoryException">The directory could not be read.</exception>
    Task<OnPremLookup> FindBySamAccountNameAsync(string samAccountName, CancellationToken cancellationToken = default);

    /// <summary>Finds the user whose mail or one of whose SMTP proxyAddresses is <paramref name="address"/>.</summary>
    /// <exception cref="OnPremDirectoryException">The directory could not be read.</exception>
    Task<OnPremLookup> FindByMailAsync(string address, CancellationToken cancellationToken = default);

    /// <summary>Streams every user under the configured base DNs (or under <paramref name="baseDn"/>), page by page.</summary>
    /// <exception cref="OnPremDirectoryException">The directory could not be read.</exception>
    IAsyncEnumerable<OnPremUser> EnumerateUsersAsync(string? baseDn = null, CancellationToken cancellationToken = default);
}
