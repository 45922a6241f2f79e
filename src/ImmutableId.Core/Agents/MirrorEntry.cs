using ImmutableId.Core.OnPrem;

namespace ImmutableId.Core.Agents;

/// <summary>One AD user as an on-prem agent posted it, kept in the on-prem mirror (keyed by objectGUID).</summary>
/// <param name="User">The user's facts, as the workflow reads them.</param>
/// <param name="UsnChanged">uSNChanged on the DC that was read (0 when unknown, e.g. from an LDIF file).</param>
/// <param name="AgentId">The agent that posted it (its binding id).</param>
/// <param name="ObservedAt">When the API received it.</param>
/// <param name="Sequence">The batch sequence that last posted it (a full pass sweeps the agent's entries older than the pass).</param>
public sealed record MirrorEntry(OnPremUser User, long UsnChanged, string AgentId, DateTimeOffset ObservedAt, long Sequence)
{
    /// <summary>The user with where it came from attached (for status answers).</summary>
    public OnPremUser ToOnPremUser() => User with { Provenance = new OnPremProvenance(OnPremProvenance.AgentSource, AgentId, ObservedAt) };
}
