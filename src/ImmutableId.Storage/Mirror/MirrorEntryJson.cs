using System.Text.Json;
using ImmutableId.Core.Agents;
using ImmutableId.Core.Anchors;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.Storage.Mirror;

/// <summary>How both stores serialize the user of a mirror entry (one JSON document per entry).</summary>
internal static class MirrorEntryJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(OnPremUser user) => JsonSerializer.Serialize(new Stored(
        user.DistinguishedName, user.ObjectGuid, user.ConsistencyGuid?.ToGuidString(), user.UserPrincipalName, user.SamAccountName,
        user.Mail, user.ProxyAddresses, user.Enabled, user.AdminCount, user.WhenChanged), Options);

    public static MirrorEntry Deserialize(string json, long usnChanged, string agentId, DateTimeOffset observedAt, long sequence)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json, Options) ?? throw new InvalidDataException("A mirror entry in the store is JSON null.");
        var user = new OnPremUser(
            stored.Dn, stored.ObjectGuid, stored.ConsistencyGuid is { } c ? SourceAnchor.FromGuid(Guid.Parse(c)) : null,
            stored.Upn, stored.Sam, stored.Mail, stored.ProxyAddresses ?? [], stored.Enabled, stored.AdminCount, stored.WhenChanged);
        return new MirrorEntry(user, usnChanged, agentId, observedAt, sequence);
    }

    /// <summary>proxyAddresses as one searchable string: lower-case, each between line feeds.</summary>
    public static string ProxyKey(OnPremUser user) =>
        "\n" + string.Join("\n", user.ProxyAddresses.Select(p => p.ToLowerInvariant())) + "\n";

    private sealed record Stored(
        string Dn, Guid ObjectGuid, string? ConsistencyGuid, string? Upn, string? Sam, string? Mail,
        IReadOnlyList<string>? ProxyAddresses, bool Enabled, int? AdminCount, DateTimeOffset? WhenChanged);
}
