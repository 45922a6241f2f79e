namespace ImmutableId.ActiveDirectory;

/// <summary>What a lookup asks for, normalised once for both the LDAP filter and the LDIF matcher.</summary>
internal sealed record DirectoryQuery(string Attribute, string Value, string? ProxyAddressValue = null)
{
    /// <summary>No AD value we look up (UPN 1024, mail 256, sAMAccountName 20 characters) is longer than this.</summary>
    public const int MaxValueLength = 1024;

    public static DirectoryQuery? ForUserPrincipalName(string? upn) =>
        Usable(upn) ? new DirectoryQuery(OnPremUserMapper.UserPrincipalName, upn!) : null;

    public static DirectoryQuery? ForSamAccountName(string? name)
    {
        if (!Usable(name))
        {
            return null;
        }

        // CORP\jdoe -> jdoe: the domain part is not stored on the user.
        var slash = name!.IndexOf('\\', StringComparison.Ordinal);
        var sam = slash >= 0 ? name[(slash + 1)..] : name;
        return Usable(sam) ? new DirectoryQuery(OnPremUserMapper.SamAccountName, sam) : null;
    }

    public static DirectoryQuery? ForMail(string? address)
    {
        if (!Usable(address))
        {
            return null;
        }

        // SMTP:x@y and smtp:x@y name the same address.
        var bare = address!.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) ? address[5..] : address;
        return Usable(bare) ? new DirectoryQuery(OnPremUserMapper.Mail, bare, "smtp:" + bare) : null;
    }

    public static DirectoryQuery ForObjectGuid(Guid guid) =>
        new(OnPremUserMapper.ObjectGuid, guid.ToString("D"));

    /// <summary>The RFC 4515 filter, every value escaped.</summary>
    public string ToLdapFilter()
    {
        var match = Attribute == OnPremUserMapper.ObjectGuid
            ? Core.Anchors.SourceAnchor.FromGuid(Guid.Parse(Value)).ToObjectGuidFilter()
            : ProxyAddressValue is null
                ? $"({Attribute}={LdapFilter.Escape(Value)})"
                : $"(|({Attribute}={LdapFilter.Escape(Value)})({OnPremUserMapper.ProxyAddresses}={LdapFilter.Escape(ProxyAddressValue)}))";
        return $"(&{OnPremUserMapper.UserClassFilter}{match})";
    }

    /// <summary>The same match over raw entry values, case-insensitive as AD compares these attributes.</summary>
    public bool Matches(DirectoryEntryData entry)
    {
        if (Attribute == OnPremUserMapper.ObjectGuid)
        {
            var bytes = entry.Values(OnPremUserMapper.ObjectGuid).FirstOrDefault();
            return bytes is { Length: 16 } && new Guid(bytes) == Guid.Parse(Value);
        }

        return entry.Strings(Attribute).Any(v => string.Equals(v, Value, StringComparison.OrdinalIgnoreCase))
            || (ProxyAddressValue is not null && entry.Strings(OnPremUserMapper.ProxyAddresses)
                .Any(v => string.Equals(v, ProxyAddressValue, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// Empty, oversized or control-character input cannot name an AD user; it is answered "not found" without a
    /// query (Samba, like C code, cuts a value at an escaped NUL, so <c>upn\0</c> would otherwise match <c>upn</c>).
    /// </summary>
    private static bool Usable(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= MaxValueLength && !value.Any(char.IsControl);
}
