namespace ImmutableId.Core.Audit;

/// <summary>The kind of write an audit record is about.</summary>
public enum AuditOperation
{
    /// <summary>Set (hard match): write onPremisesImmutableId.</summary>
    Set,

    /// <summary>Clear: write a JSON null to onPremisesImmutableId.</summary>
    Clear,

    /// <summary>Sync: Cloud Sync provision on demand of the user's AD object (links the accounts; writes no immutable ID).</summary>
    Sync,
    /// <summary>An on-prem agent's batch into the mirror (only refused batches are recorded).</summary>
    AgentBatch,
}
