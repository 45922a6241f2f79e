namespace ImmutableId.Api.Agents;

/// <summary>The answer of <c>GET /api/agents</c>.</summary>
/// <param name="StaleAfterSeconds">Agents:StaleAfter in seconds.</param>
/// <param name="Agents">Every bound agent, and every agent with entries left in the mirror.</param>
public sealed record AgentList(long StaleAfterSeconds, IReadOnlyList<AgentView> Agents);
