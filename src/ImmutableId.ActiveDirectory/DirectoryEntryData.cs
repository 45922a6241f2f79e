namespace ImmutableId.ActiveDirectory;

/// <summary>One directory entry as raw attribute values, whether it came from LDAP or from an LDIF file.</summary>
internal sealed record DirectoryEntryData(string DistinguishedName, IReadOnlyDictionary<string, IReadOnlyList<byte[]>> Attributes)
{
    public IReadOnlyList<byte[]> Values(string attribute) =>
        Attributes.TryGetValue(attribute, out var values) ? values : [];

    public IEnumerable<string> Strings(string attribute) =>
        Values(attribute).Select(v => System.Text.Encoding.UTF8.GetString(v));

    public string? String(string attribute) => Strings(attribute).FirstOrDefault();
}
