namespace ImmutableId.Agent.Reading;

/// <summary>What the agent reads: the replica's identity, and users (all, or changed above a uSNChanged).</summary>
internal interface IDirectoryFeed
{
    /// <summary>The replica and its highestCommittedUSN (read first: the next high-water mark).</summary>
    Task<DirectoryIdentity> IdentifyAsync(CancellationToken cancellationToken);

    /// <summary>Every user under the base DNs, or only those with uSNChanged above <paramref name="aboveUsn"/>.</summary>
    IAsyncEnumerable<FeedEntry> ReadAsync(long? aboveUsn, CancellationToken cancellationToken);
}
