namespace ImmutableId.Core.OnPrem;

/// <summary>Where the on-prem facts of a user came from, when not read live from a DC.</summary>
/// <param name="Source">"agent" for the agent-fed mirror.</param>
/// <param name="AgentId">The agent that posted them.</param>
/// <param name="ObservedAt">When the API received them.</param>
public sealed record OnPremProvenance(string Source, string? AgentId, DateTimeOffset? ObservedAt)
{
    /// <summary>The source name of the agent-fed mirror.</summary>
    public const string AgentSource = "agent";
}
