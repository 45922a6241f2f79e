namespace ImmutableId.Core.Leases;

/// <summary>
/// A user lease held for the length of one operation: renewed in the background every third of its duration so it
/// outlives any request it protects, and released when disposed. When a renewal finds the lease lost (the store was
/// unreachable past the expiry and someone else took it), <see cref="Lost"/> is cancelled: the holder must not start
/// a write after that.
/// </summary>
public sealed class HeldUserLease : IAsyncDisposable
{
    private readonly IUserLease _leases;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private UserLeaseHandle _handle;

    private HeldUserLease(IUserLease leases, UserLeaseHandle handle, TimeSpan duration, TimeProvider clock)
    {
        _leases = leases;
        _handle = handle;
        _duration = duration;
        _clock = clock;
        _renewal = Task.Run(RenewAsync);
    }

    /// <summary>Cancelled when the lease is known to be lost.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>The normalized key the lease is on.</summary>
    public string Key => _handle.User;

    /// <summary>When the previous holder's lease ended, as the store recorded it (see <see cref="UserLeaseHandle.PreviousHolderUntil"/>).</summary>
    public DateTimeOffset? PreviousHolderUntil => _handle.PreviousHolderUntil;

    /// <summary>Takes the lease on <paramref name="key"/>, waiting up to <paramref name="wait"/>; null when someone else still holds it.</summary>
    public static async Task<HeldUserLease?> AcquireAsync(
        IUserLease leases,
        string key,
        TimeSpan duration,
        TimeSpan wait,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var clock = timeProvider ?? TimeProvider.System;
        var started = clock.GetTimestamp();
        var handle = await leases.AcquireAsync(key, duration, wait, clock, cancellationToken).ConfigureAwait(false);
        LeaseTelemetry.Wait.Record(clock.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("immutableid.lease.outcome", handle is null ? "busy" : "acquired"));
        return handle is null ? null : new HeldUserLease(leases, handle, duration, clock);
    }

    /// <summary>Stops renewing and gives the lease back (never throws for a store outage: the lease then lapses on its own).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _renewal.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            await _leases.ReleaseAsync(_handle, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The lease expires by itself; nothing else to do.
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(_duration / 3, _clock);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            try
            {
                var renewed = await _leases.RenewAsync(_handle, _duration, _stop.Token).ConfigureAwait(false);
                if (renewed is null)
                {
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }

                _handle = renewed;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store is unreachable: the lease still holds until its expiry; past it, assume it is lost.
                if (_clock.GetUtcNow() >= _handle.ExpiresAt)
                {
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
    }
}
