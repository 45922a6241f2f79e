namespace ImmutableId.Core.Agents;

/// <summary>The body of <c>POST /api/agent/batches</c>, as the agent writes it and the API reads it (camelCase JSON).</summary>
/// <param name="Sequence">The agent's batch number, strictly increasing (a replayed or older one is refused with 409, nothing applied).</param>
/// <param name="Entries">AD users read (inserted or replaced in the mirror).</param>
/// <param name="Deleted">objectGUIDs the agent saw deleted.</param>
/// <param name="FullPass">Set on every batch of a full pass.</param>
/// <param name="AgentVersion">The agent's version.</param>
/// <param name="DomainController">The DC the agent read.</param>
/// <param name="HighWaterMark">The agent's uSNChanged high-water mark after this batch.</param>
public sealed record AgentBatchBody(
    long Sequence,
    IReadOnlyList<AgentEntryBody>? Entries,
    IReadOnlyList<Guid>? Deleted = null,
    AgentFullPassBody? FullPass = null,
    string? AgentVersion = null,
    string? DomainController = null,
    long? HighWaterMark = null);

/// <summary>One AD user in an agent batch.</summary>
/// <param name="ObjectGuid">objectGUID.</param>
/// <param name="DistinguishedName">The DN (must sit under one of the agent's base DNs).</param>
/// <param name="UserPrincipalName">userPrincipalName (its domain must be one of the agent's UPN domains).</param>
/// <param name="SamAccountName">sAMAccountName.</param>
/// <param name="Mail">mail.</param>
/// <param name="ProxyAddresses">proxyAddresses as stored.</param>
/// <param name="ConsistencyGuid">mS-DS-ConsistencyGuid as Base64 of its 16 bytes (the ImmutableId form).</param>
/// <param name="Enabled">False when userAccountControl has ACCOUNTDISABLE.</param>
/// <param name="AdminCount">adminCount.</param>
/// <param name="WhenChanged">whenChanged.</param>
/// <param name="UsnChanged">uSNChanged.</param>
public sealed record AgentEntryBody(
    Guid ObjectGuid,
    string? DistinguishedName,
    string? UserPrincipalName = null,
    string? SamAccountName = null,
    string? Mail = null,
    IReadOnlyList<string>? ProxyAddresses = null,
    string? ConsistencyGuid = null,
    bool Enabled = true,
    int? AdminCount = null,
    DateTimeOffset? WhenChanged = null,
    long UsnChanged = 0);

/// <summary>Marks a batch as part of a full pass.</summary>
/// <param name="StartSequence">The sequence of the pass's first batch.</param>
/// <param name="Complete">True on its last batch: the agent's entries not posted since <paramref name="StartSequence"/> are removed (deleted or moved out of scope).</param>
public sealed record AgentFullPassBody(long StartSequence, bool Complete);
