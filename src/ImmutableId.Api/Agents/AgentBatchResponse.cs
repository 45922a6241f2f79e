namespace ImmutableId.Api.Agents;

/// <summary>The answer to an applied agent batch.</summary>
/// <param name="Agent">The agent's binding id.</param>
/// <param name="Sequence">The batch's sequence, now the agent's last.</param>
/// <param name="Upserted">Entries written to the mirror.</param>
/// <param name="Deleted">Entries removed because the agent reported them deleted.</param>
/// <param name="Swept">Entries removed at the end of a full pass (deleted or moved out of scope).</param>
public sealed record AgentBatchResponse(string Agent, long Sequence, int Upserted, int Deleted, int Swept);
