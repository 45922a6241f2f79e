using System.Runtime.CompilerServices;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.ActiveDirectory.Ldif;

/// <summary><see cref="IOnPremDirectory"/> over an LDIF snapshot, read once, indexed and kept in memory.</summary>
internal sealed class LdifOnPremDirectory : IOnPremDirectory
{
    private readonly Lazy<LdifIndex> _index;
    private readonly IReadOnlyList<string> _baseDns;
    private long _entriesExamined;

    public LdifOnPremDirectory(IOptions<OnPremOptions> options, ILogger<LdifOnPremDirectory> logger)
    {
        var path = options.Value.LdifPath
            ?? throw new OnPremDirectoryException(OnPremFailure.Misconfigured, "OnPrem:LdifPath is not set.");
        _baseDns = options.Value.BaseDns.Where(d => !string.IsNullOrWhiteSpace(d)).ToArray();
        _index = new Lazy<LdifIndex>(() => new LdifIndex(Load(path, logger)));
    }

    /// <summary>Entries the lookups have compared so far: a lookup's cost, which must not grow with the directory.</summary>
    internal long EntriesExamined => Interlocked.Read(ref _entriesExamined);

    public Task<OnPremLookup> FindByUserPrincipalNameAsync(string userPrincipalName, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(DirectoryQuery.ForUserPrincipalName(userPrincipalName)));

    public Task<OnPremLookup> FindByObjectGuidAsync(Guid objectGuid, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(DirectoryQuery.ForObjectGuid(objectGuid)));

    public Task<OnPremLookup> FindBySamAccountNameAsync(string samAccountName, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(DirectoryQuery.ForSamAccountName(samAccountName)));

    public Task<OnPremLookup> FindByMailAsync(string address, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(DirectoryQuery.ForMail(address)));

    public async IAsyncEnumerable<OnPremUser> EnumerateUsersAsync(string? baseDn = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        IReadOnlyList<string> scopes = baseDn is null ? _baseDns : [baseDn];
        foreach (var entry in _index.Value.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (InScope(entry, scopes) && OnPremUserMapper.IsUser(entry) && OnPremUserMapper.ToUser(entry) is { } user)
            {
                yield return user;
            }
        }
    }

    private OnPremLookup Find(DirectoryQuery? query)
    {
        if (query is null)
        {
            return OnPremLookup.NotFound;
        }

        var candidates = _index.Value.Candidates(query);
        Interlocked.Add(ref _entriesExamined, candidates.Count);
        var users = candidates
            .Where(e => InScope(e, _baseDns) && OnPremUserMapper.IsUser(e) && query.Matches(e))
            .Select(OnPremUserMapper.ToUser)
            .OfType<OnPremUser>()
            .ToArray();
        return OnPremLookup.FromMatches(users);
    }

    /// <summary>Under one of the base DNs (all entries when none is configured).</summary>
    private static bool InScope(DirectoryEntryData entry, IReadOnlyList<string> baseDns)
    {
        if (baseDns.Count == 0)
        {
            return true;
        }

        var dn = Normalize(entry.DistinguishedName);
        return baseDns.Select(Normalize).Any(b => dn == b || dn.EndsWith("," + b, StringComparison.Ordinal));
    }

    private static string Normalize(string dn) =>
        string.Join(',', dn.Split(',').Select(p => p.Trim())).ToUpperInvariant();

    private static IReadOnlyList<DirectoryEntryData> Load(string path, ILogger logger)
    {
        try
        {
            using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var entries = LdifReader.Read(reader);
            Log.LdifLoaded(logger, path, entries.Count);
            return entries;
        }
        catch (IOException ex)
        {
            throw new OnPremDirectoryException(OnPremFailure.Misconfigured, $"The LDIF snapshot '{path}' cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new OnPremDirectoryException(OnPremFailure.Misconfigured, $"The LDIF snapshot '{path}' cannot be read: access denied.", ex);
        }
    }
}
