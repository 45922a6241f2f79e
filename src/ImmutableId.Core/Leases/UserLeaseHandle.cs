namespace ImmutableId.Core.Leases;

/// <summary>A held lease on one user: only its holder writes to that user until it is released or expires.</summary>
/// <param name="User">The normalized user key the lease is on.</param>
/// <param name="Owner">A random token proving ownership (release only works with it).</param>
/// <param name="ExpiresAt">When the lease lapses on its own if never released (a crashed holder).</param>
public sealed record UserLeaseHandle(string User, string Owner, DateTimeOffset ExpiresAt);
