namespace ImmutableId.Core.Jobs;

/// <summary>What a bulk job does to each of its users.</summary>
public enum JobOperation
{
    /// <summary>Hard match each user (the same workflow as PUT).</summary>
    Set,

    /// <summary>Clear each user's immutable ID (the same workflow as DELETE).</summary>
    Clear,

    /// <summary>A readiness report: every user dry-run through every guardrail of a set; nothing is written.</summary>
    Assess,
}
