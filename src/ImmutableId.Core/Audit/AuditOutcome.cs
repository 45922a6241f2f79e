namespace ImmutableId.Core.Audit;

/// <summary>How a write attempt ended. <see cref="Pending"/> is the durable intent written before the Graph write.</summary>
public enum AuditOutcome
{
    /// <summary>Intent recorded, outcome not yet known (or the process stopped before it was recorded).</summary>
    Pending,

    /// <summary>Graph accepted the write.</summary>
    Succeeded,

    /// <summary>No write was needed (the value was already the intended one).</summary>
    NoChange,

    /// <summary>A dry run: every check ran, nothing was written.</summary>
    DryRun,

    /// <summary>Refused before any write: a guardrail, the caller's scope, or bad input.</summary>
    Refused,

    /// <summary>The write was attempted and failed (Graph error, throttling, outage), or reconciliation found it not applied.</summary>
    Failed,

    /// <summary>
    /// Reconciliation found the intended value in Entra but cannot tell whether this operation wrote it (another
    /// operation on the same cloud user could have); the record names both facts.
    /// </summary>
    Indeterminate,
}
