namespace ImmutableId.Core.Agents;

/// <summary>
/// The durable on-prem mirror that agents fill (OnPrem mode Agent): AD users keyed by objectGUID, with a UPN index,
/// each with when it was observed and by which agent, and each agent's batch sequence and freshness.
/// </summary>
public interface IOnPremMirror
{
    /// <summary>
    /// Applies a batch when its sequence is greater than the agent's last one; otherwise changes nothing and answers
    /// <see cref="AgentBatchResult.Applied"/> = false with the last sequence.
    /// </summary>
    Task<AgentBatchResult> ApplyBatchAsync(AgentBatch batch, CancellationToken cancellationToken = default);

    /// <summary>The entry with this objectGUID, or null.</summary>
    Task<MirrorEntry?> GetAsync(Guid objectGuid, CancellationToken cancellationToken = default);

    /// <summary>Entries whose userPrincipalName equals <paramref name="userPrincipalName"/> (case-insensitive).</summary>
    Task<IReadOnlyList<MirrorEntry>> FindByUserPrincipalNameAsync(string userPrincipalName, CancellationToken cancellationToken = default);

    /// <summary>Entries whose sAMAccountName equals <paramref name="samAccountName"/> (case-insensitive).</summary>
    Task<IReadOnlyList<MirrorEntry>> FindBySamAccountNameAsync(string samAccountName, CancellationToken cancellationToken = default);

    /// <summary>Entries whose mail, or one of whose proxyAddresses (smtp:), equals <paramref name="address"/> (case-insensitive).</summary>
    Task<IReadOnlyList<MirrorEntry>> FindByMailAsync(string address, CancellationToken cancellationToken = default);

    /// <summary>Every entry (of one agent when <paramref name="agentId"/> is given).</summary>
    IAsyncEnumerable<MirrorEntry> EnumerateAsync(string? agentId = null, CancellationToken cancellationToken = default);

    /// <summary>Every agent that has posted at least one batch; with its entry count when <paramref name="countEntries"/> (a scan in Azure Tables).</summary>
    Task<IReadOnlyList<AgentState>> ListAgentsAsync(bool countEntries, CancellationToken cancellationToken = default);
}
