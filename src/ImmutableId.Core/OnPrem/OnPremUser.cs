using ImmutableId.Core.Anchors;

namespace ImmutableId.Core.OnPrem;

/// <summary>An AD user as the hard-match workflow needs it.</summary>
/// <param name="DistinguishedName">The object's DN.</param>
/// <param name="ObjectGuid">objectGUID.</param>
/// <param name="ConsistencyGuid">mS-DS-ConsistencyGuid, when present and 16 bytes long.</param>
/// <param name="UserPrincipalName">userPrincipalName, when set.</param>
/// <param name="SamAccountName">sAMAccountName.</param>
/// <param name="Mail">mail, when set.</param>
/// <param name="ProxyAddresses">proxyAddresses as stored (<c>SMTP:</c>/<c>smtp:</c> prefixes kept).</param>
/// <param name="Enabled">False when userAccountControl has ACCOUNTDISABLE (0x2).</param>
/// <param name="AdminCount">adminCount (1 for accounts protected by AdminSDHolder), when set.</param>
/// <param name="WhenChanged">whenChanged, when read.</param>
public sealed record OnPremUser(
    string DistinguishedName,
    Guid ObjectGuid,
    SourceAnchor? ConsistencyGuid,
    string? UserPrincipalName,
    string? SamAccountName,
    string? Mail,
    IReadOnlyList<string> ProxyAddresses,
    bool Enabled,
    int? AdminCount,
    DateTimeOffset? WhenChanged)
{
    /// <summary>The source anchor by Entra Connect's rule: mS-DS-ConsistencyGuid when set, else objectGUID.</summary>
    public SourceAnchor Anchor => ConsistencyGuid ?? SourceAnchor.FromGuid(ObjectGuid);

    /// <summary>Which attribute <see cref="Anchor"/> came from.</summary>
    public AnchorSource AnchorSource => ConsistencyGuid is null ? AnchorSource.ObjectGuid : AnchorSource.ConsistencyGuid;

    /// <summary>True when mS-DS-ConsistencyGuid is set and differs from objectGUID (e.g. after a forest migration).</summary>
    public bool AnchorMismatch => ConsistencyGuid is { } c && c != SourceAnchor.FromGuid(ObjectGuid);

    /// <summary>True when adminCount is 1 (the account is, or was, in a protected group).</summary>
    public bool IsProtected => AdminCount == 1;

    /// <summary>Where these facts came from when not read live (the agent mirror); null for LDAP and LDIF.</summary>
    public OnPremProvenance? Provenance { get; init; }
}
