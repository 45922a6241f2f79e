namespace ImmutableId.ActiveDirectory.Passwords;

/// <summary>Where the LDAP bind password comes from: configuration, or Key Vault read at run time.</summary>
public interface ILdapPasswordSource
{
    /// <summary>The current password (cached by the source); null when none is configured (Negotiate with the process's ticket).</summary>
    /// <exception cref="Core.OnPrem.OnPremDirectoryException">The secret could not be read.</exception>
    ValueTask<string?> GetPasswordAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets the cached password: the DC refused it (LDAP 49), so it may have been rotated.</summary>
    void Invalidate();
}
