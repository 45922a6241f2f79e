namespace ImmutableId.Core.Agents;

/// <summary>What the mirror knows about one agent.</summary>
/// <param name="AgentId">The agent's binding id.</param>
/// <param name="LastSequence">The last applied batch sequence.</param>
/// <param name="LastSync">When its last batch was applied (its last successful sync).</param>
/// <param name="LastFullPass">When its last full pass completed.</param>
/// <param name="AgentVersion">The version it reported.</param>
/// <param name="DomainController">The DC it reads.</param>
/// <param name="HighWaterMark">Its uSNChanged high-water mark.</param>
/// <param name="EntryCount">Entries it owns in the mirror (null when not counted).</param>
public sealed record AgentState(
    string AgentId,
    long LastSequence,
    DateTimeOffset? LastSync,
    DateTimeOffset? LastFullPass,
    string? AgentVersion,
    string? DomainController,
    long? HighWaterMark,
    long? EntryCount);
