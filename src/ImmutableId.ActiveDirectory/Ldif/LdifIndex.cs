namespace ImmutableId.ActiveDirectory.Ldif;

/// <summary>
/// The entries of an LDIF snapshot with an index on each attribute a lookup names (userPrincipalName, sAMAccountName,
/// mail, proxyAddresses case-insensitively; objectGUID by value), so a lookup reads its candidates instead of every
/// entry. The candidates still pass the same <see cref="DirectoryQuery.Matches"/> as LDAP's filter.
/// </summary>
internal sealed class LdifIndex
{
    private static readonly string[] TextAttributes =
        [OnPremUserMapper.UserPrincipalName, OnPremUserMapper.SamAccountName, OnPremUserMapper.Mail, OnPremUserMapper.ProxyAddresses];

    private readonly Dictionary<string, Dictionary<string, List<DirectoryEntryData>>> _byText = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, List<DirectoryEntryData>> _byGuid = [];

    public LdifIndex(IReadOnlyList<DirectoryEntryData> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
        foreach (var attribute in TextAttributes)
        {
            _byText[attribute] = new Dictionary<string, List<DirectoryEntryData>>(StringComparer.OrdinalIgnoreCase);
        }

        foreach (var entry in entries)
        {
            foreach (var attribute in TextAttributes)
            {
                foreach (var value in entry.Strings(attribute).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    Add(_byText[attribute], value, entry);
                }
            }

            foreach (var bytes in entry.Values(OnPremUserMapper.ObjectGuid).Where(b => b.Length == 16).Take(1))
            {
                Add(_byGuid, new Guid(bytes), entry);
            }
        }
    }

    /// <summary>Every entry, in file order.</summary>
    public IReadOnlyList<DirectoryEntryData> Entries { get; }

    /// <summary>The entries that can match <paramref name="query"/> (a superset of the matches, in file order; no duplicates).</summary>
    public IReadOnlyList<DirectoryEntryData> Candidates(DirectoryQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Attribute == OnPremUserMapper.ObjectGuid)
        {
            return Guid.TryParse(query.Value, out var guid) && _byGuid.TryGetValue(guid, out var byGuid) ? byGuid : [];
        }

        var found = _byText.TryGetValue(query.Attribute, out var index) && index.TryGetValue(query.Value, out var byValue) ? byValue : [];
        if (query.ProxyAddressValue is null || !_byText[OnPremUserMapper.ProxyAddresses].TryGetValue(query.ProxyAddressValue, out var byProxy))
        {
            return found;
        }

        // Both lists are in file order; an entry in both is read once.
        var set = new HashSet<DirectoryEntryData>(found, ReferenceEqualityComparer.Instance);
        return [.. found, .. byProxy.Where(set.Add)];
    }

    private static void Add<TKey>(Dictionary<TKey, List<DirectoryEntryData>> index, TKey key, DirectoryEntryData entry)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        list.Add(entry);
    }
}
