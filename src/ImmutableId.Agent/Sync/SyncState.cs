namespace ImmutableId.Agent.Sync;

/// <summary>What the agent remembers between cycles and restarts (the local state file).</summary>
/// <param name="Sequence">The last batch sequence the API accepted (the next batch is greater).</param>
/// <param name="Host">The DC (or LDIF file) the high-water mark belongs to.</param>
/// <param name="InvocationId">Its invocation id (or LDIF version).</param>
/// <param name="HighWaterMark">uSNChanged up to which every change was posted; null before the first full pass.</param>
/// <param name="LastFullPass">When the last full pass completed.</param>
internal sealed record SyncState(long Sequence, string? Host, string? InvocationId, long? HighWaterMark, DateTimeOffset? LastFullPass)
{
    public static SyncState Empty { get; } = new(0, null, null, null, null);
}
