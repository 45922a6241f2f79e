using System.Globalization;
using System.Runtime.CompilerServices;
using ImmutableId.ActiveDirectory;
using ImmutableId.ActiveDirectory.Ldif;

namespace ImmutableId.Agent.Reading;

/// <summary>
/// Reads an LDIF export (ldifde / ldapsearch) with the API's LDIF reader and mapper. Its identity is the file and its
/// version (size and time): a new export is a new "replica", so the next cycle is a full pass. uSNChanged is used when
/// the export carries it; the base DNs filter entries as on a DC.
/// </summary>
internal sealed class LdifDirectoryFeed(string path, IReadOnlyList<string> baseDns) : IDirectoryFeed
{
    public Task<DirectoryIdentity> IdentifyAsync(CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        var version = $"{file.Length}-{file.LastWriteTimeUtc.Ticks}";
        return Task.FromResult(new DirectoryIdentity("ldif:" + file.FullName, version, 0));
    }

    public async IAsyncEnumerable<FeedEntry> ReadAsync(long? aboveUsn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IReadOnlyList<DirectoryEntryData> entries;
        using (var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            entries = LdifReader.Read(reader);
        }

        await Task.Yield();
        var scope = new Core.Agents.AgentBinding { BaseDns = baseDns.ToList() };
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var usn = long.TryParse(entry.String("uSNChanged"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var changed) ? changed : 0;
            if ((aboveUsn is null || usn > aboveUsn)
                && (baseDns.Count == 0 || scope.Covers(entry.DistinguishedName))
                && OnPremUserMapper.IsUser(entry)
                && OnPremUserMapper.ToUser(entry) is { } user)
            {
                yield return new FeedEntry(user, usn);
            }
        }
    }
}
