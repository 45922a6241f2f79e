namespace ImmutableId.Core.Leases;

/// <summary>Waiting for a user lease.</summary>
public static class UserLeaseExtensions
{
    /// <summary>The user key leases are taken on: trimmed and lower-cased (UPNs and GUIDs compare case-insensitively).</summary>
    public static string NormalizeUser(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Trim().ToLowerInvariant();
    }

    /// <summary>
    /// Takes the lease on <paramref name="user"/>, retrying with a short backoff for up to <paramref name="wait"/>;
    /// answers null when it is still held by someone else then.
    /// </summary>
    public static async Task<UserLeaseHandle?> AcquireAsync(
        this IUserLease lease,
        string user,
        TimeSpan duration,
        TimeSpan wait,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var clock = timeProvider ?? TimeProvider.System;
        var deadline = clock.GetUtcNow() + wait;
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var handle = await lease.TryAcquireAsync(user, duration, cancellationToken).ConfigureAwait(false);
            if (handle is not null || clock.GetUtcNow() >= deadline)
            {
                return handle;
            }

            // Jitter keeps many waiters from retrying in lock step.
            var jittered = delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)delay.TotalMilliseconds + 1));
            await Task.Delay(jittered, clock, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }
}
