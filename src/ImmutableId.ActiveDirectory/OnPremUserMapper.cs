using System.Globalization;
using ImmutableId.Core.Anchors;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.ActiveDirectory;

/// <summary>Turns raw entries into <see cref="OnPremUser"/> the same way for LDAP and LDIF.</summary>
internal static class OnPremUserMapper
{
    public const string ObjectGuid = "objectGUID";
    public const string ConsistencyGuid = "mS-DS-ConsistencyGuid";
    public const string UserPrincipalName = "userPrincipalName";
    public const string SamAccountName = "sAMAccountName";
    public const string Mail = "mail";
    public const string ProxyAddresses = "proxyAddresses";
    public const string UserAccountControl = "userAccountControl";
    public const string AdminCount = "adminCount";
    public const string WhenChanged = "whenChanged";
    public const string ObjectClass = "objectClass";

    /// <summary>The attributes every lookup reads.</summary>
    public static readonly string[] Attributes =
    [
        ObjectGuid, ConsistencyGuid, UserPrincipalName, SamAccountName, Mail, ProxyAddresses,
        UserAccountControl, AdminCount, WhenChanged, ObjectClass,
    ];

    /// <summary>Users only: computers are users too in AD's class hierarchy.</summary>
    public const string UserClassFilter = "(objectClass=user)(!(objectClass=computer))";

    private const int AccountDisable = 0x2;

    private static readonly string[] GeneralizedTimeFormats =
        ["yyyyMMddHHmmss.f'Z'", "yyyyMMddHHmmss'Z'", "yyyyMMddHHmmss.fff'Z'", "yyyyMMddHHmmss.ffffff'Z'"];

    /// <summary>The user, or null when the entry has no usable objectGUID.</summary>
    public static OnPremUser? ToUser(DirectoryEntryData entry)
    {
        var guidBytes = entry.Values(ObjectGuid).FirstOrDefault();
        if (guidBytes is not { Length: SourceAnchor.Length })
        {
            return null;
        }

        var consistency = entry.Values(ConsistencyGuid).FirstOrDefault();
        var uac = ParseInt(entry.String(UserAccountControl));
        return new OnPremUser(
            entry.DistinguishedName,
            new Guid(guidBytes),
            consistency is { Length: SourceAnchor.Length } ? SourceAnchor.FromBytes(consistency) : null,
            entry.String(UserPrincipalName),
            entry.String(SamAccountName),
            entry.String(Mail),
            entry.Strings(ProxyAddresses).ToArray(),
            Enabled: uac is null || (uac.Value & AccountDisable) == 0,
            AdminCount: ParseInt(entry.String(AdminCount)),
            WhenChanged: ParseGeneralizedTime(entry.String(WhenChanged)));
    }

    /// <summary>True for entries of class user that are not computers (entries without objectClass count as users).</summary>
    public static bool IsUser(DirectoryEntryData entry)
    {
        var classes = entry.Strings(ObjectClass).ToArray();
        return classes.Length == 0
            || (classes.Contains("user", StringComparer.OrdinalIgnoreCase) && !classes.Contains("computer", StringComparer.OrdinalIgnoreCase));
    }

    private static int? ParseInt(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : uint.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var u) ? unchecked((int)u) : null;

    private static DateTimeOffset? ParseGeneralizedTime(string? value) =>
        value is not null && DateTimeOffset.TryParseExact(value, GeneralizedTimeFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
