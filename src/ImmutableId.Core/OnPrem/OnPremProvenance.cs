namespace ImmutableId.Core.OnPrem;

/// <summary>Where the on-prem facts of a user came from, when not read live from a DC.</summary>
/// <param name="Source">"agent" for the agent-fed mirror.</param>
/// <param name="AgentId">The agent that posted them.</param>
/// <param name="ObservedAt">When the API received them.</param>
/// <param name="AgentLastSync">When the agent last synced (its last accepted batch).</param>
/// <param name="StaleDetail">Set when the agent has not synced within Agents:StaleAfter: how old the facts are and what to check. Reads answer on them; writes are refused (AgentStale).</param>
public sealed record OnPremProvenance(string Source, string? AgentId, DateTimeOffset? ObservedAt, DateTimeOffset? AgentLastSync = null, string? StaleDetail = null)
{
    /// <summary>True when the facts come from an agent that has not synced within Agents:StaleAfter.</summary>
    public bool Stale => StaleDetail is not null;

    /// <summary>The source name of the agent-fed mirror.</summary>
    public const string AgentSource = "agent";
}
