namespace ImmutableId.Core.Agents;

/// <summary>What applying a batch did.</summary>
/// <param name="Applied">False when the sequence was not newer than the last applied one (nothing changed).</param>
/// <param name="LastSequence">The agent's last applied sequence after the call.</param>
/// <param name="Upserted">Entries written.</param>
/// <param name="Deleted">Entries removed because the agent reported them deleted.</param>
/// <param name="Swept">Entries removed at the end of a full pass (not seen during it: deleted or moved out of scope).</param>
public sealed record AgentBatchResult(bool Applied, long LastSequence, int Upserted = 0, int Deleted = 0, int Swept = 0)
{
    public static AgentBatchResult NotNewer(long lastSequence) => new(false, lastSequence);
}
