namespace ImmutableId.Api.RateLimiting;

/// <summary>What a call costs downstream, for inbound rate limiting: each class has its own limit per caller.</summary>
public enum OperationClass
{
    /// <summary>Status, audit reads, conversions, health with a token: Graph/LDAP reads, no audit record.</summary>
    Reads,

    /// <summary>Set and clear: Graph reads and a write, two audit writes.</summary>
    Writes,

    /// <summary>Set and clear with <c>dryRun=true</c>: every read of a write and an audit record, no Graph write.</summary>
    DryRuns,
}
