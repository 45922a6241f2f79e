namespace ImmutableId.Core.Leases;

/// <summary>
/// A lease per user, held in the shared store, so that two writes for the same user never interleave — across
/// threads, processes and instances. A lease whose holder died expires after its duration.
/// </summary>
public interface IUserLease
{
    /// <summary>Takes the lease on <paramref name="user"/> for <paramref name="duration"/>, or answers null when someone else holds it.</summary>
    Task<UserLeaseHandle?> TryAcquireAsync(string user, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends a held lease to <paramref name="duration"/> from now; answers the renewed handle, or null when the lease
    /// was lost (it expired and someone else took it, or it was released).
    /// </summary>
    Task<UserLeaseHandle?> RenewAsync(UserLeaseHandle lease, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease back; does nothing when it expired and someone else took it since.</summary>
    Task ReleaseAsync(UserLeaseHandle lease, CancellationToken cancellationToken = default);
}
