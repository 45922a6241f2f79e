namespace ImmutableId.Core.Leases;

/// <summary>A held lease on one user: only its holder writes to that user until it is released or expires.</summary>
/// <param name="User">The normalized user key the lease is on.</param>
/// <param name="Owner">A random token proving ownership (release only works with it).</param>
/// <param name="ExpiresAt">When the lease lapses on its own if never released (a crashed holder).</param>
/// <param name="PreviousHolderUntil">
/// When the previous holder's lease ended (released, or lapsed), as the store recorded it; null when the store knew no
/// earlier holder. A writer that read the user before taking the lease reads it again when this is later than its read:
/// another writer may have changed the user in between. A store shared by instances with different clocks reports it
/// late rather than early.
/// </param>
public sealed record UserLeaseHandle(string User, string Owner, DateTimeOffset ExpiresAt, DateTimeOffset? PreviousHolderUntil = null);
