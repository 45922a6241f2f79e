namespace ImmutableId.Api.Agents;

/// <summary>One agent's freshness, as <c>GET /api/agents</c> shows it.</summary>
/// <param name="Id">The agent's binding id.</param>
/// <param name="AppId">The client id its token must carry (null for an agent no longer bound).</param>
/// <param name="Bound">False when entries of this agent remain but its binding was removed from configuration.</param>
/// <param name="BaseDns">The DNs it may post under.</param>
/// <param name="UpnDomains">The UPN domains it may post.</param>
/// <param name="LastSync">When its last batch was applied (its last contact that changed anything).</param>
/// <param name="LastFullPass">When its last full pass completed.</param>
/// <param name="LagSeconds">Seconds since <paramref name="LastSync"/>.</param>
/// <param name="Stale">True when it has not synced within Agents:StaleAfter (lookups over its entries then fail with AgentStale).</param>
/// <param name="EntryCount">Entries it owns in the mirror.</param>
/// <param name="LastSequence">Its last applied batch sequence.</param>
/// <param name="AgentVersion">The version it reported.</param>
/// <param name="DomainController">The DC it reads.</param>
/// <param name="HighWaterMark">Its uSNChanged high-water mark.</param>
public sealed record AgentView(
    string Id,
    string? AppId,
    bool Bound,
    IReadOnlyList<string> BaseDns,
    IReadOnlyList<string> UpnDomains,
    DateTimeOffset? LastSync,
    DateTimeOffset? LastFullPass,
    long? LagSeconds,
    bool Stale,
    long EntryCount,
    long LastSequence,
    string? AgentVersion,
    string? DomainController,
    long? HighWaterMark);
