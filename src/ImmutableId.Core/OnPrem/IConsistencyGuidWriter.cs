using ImmutableId.Core.Anchors;

namespace ImmutableId.Core.OnPrem;

/// <summary>Writes mS-DS-ConsistencyGuid on an AD user (forest migrations: stamp the new-forest user with the old anchor).</summary>
/// <remarks>Only the live LDAP directory writes, and only when explicitly allowed by configuration.</remarks>
public interface IConsistencyGuidWriter
{
    /// <summary>
    /// Sets mS-DS-ConsistencyGuid of the user whose objectGUID is <paramref name="objectGuid"/> to <paramref name="anchor"/>,
    /// and returns the user as read back (not found when no such user exists; nothing is written then).
    /// </summary>
    /// <exception cref="OnPremDirectoryException">Writing is not allowed by configuration (<see cref="OnPremFailure.Refused"/>), or the DC refused or could not be reached.</exception>
    Task<OnPremLookup> WriteConsistencyGuidAsync(Guid objectGuid, SourceAnchor anchor, CancellationToken cancellationToken = default);
}
