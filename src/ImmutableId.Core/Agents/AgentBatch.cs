namespace ImmutableId.Core.Agents;

/// <summary>One batch an agent posted, checked and ready to apply to the mirror.</summary>
/// <param name="AgentId">The agent's binding id (from configuration, never from the body).</param>
/// <param name="Sequence">The agent's batch number: strictly greater than the last applied one, else nothing is applied.</param>
/// <param name="Upserts">Entries to insert or replace.</param>
/// <param name="Deletes">objectGUIDs the agent saw deleted (only the agent's own entries are removed).</param>
/// <param name="FullPassStartSequence">When the batch belongs to a full pass: the sequence of its first batch.</param>
/// <param name="FullPassComplete">True on the last batch of a full pass: the agent's entries not posted since the pass started are removed.</param>
/// <param name="AgentVersion">The agent's version.</param>
/// <param name="DomainController">The DC the agent reads (host name), for GET /api/agents.</param>
/// <param name="HighWaterMark">The agent's uSNChanged high-water mark after this batch.</param>
/// <param name="ReceivedAt">When the API received it.</param>
public sealed record AgentBatch(
    string AgentId,
    long Sequence,
    IReadOnlyList<MirrorEntry> Upserts,
    IReadOnlyList<Guid> Deletes,
    long? FullPassStartSequence,
    bool FullPassComplete,
    string? AgentVersion,
    string? DomainController,
    long? HighWaterMark,
    DateTimeOffset ReceivedAt);
