using ImmutableId.Api.Operations;
using ImmutableId.Core.Audit;
using ImmutableId.Core.Housekeeping;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Retention;

/// <summary>
/// One audit maintenance run, on a schedule in both hosts (Standalone: a hosted service; Functions: a timer
/// function): deletes records whose retention has passed, per outcome, reconciles abandoned intents, and deletes the
/// store rows nothing reads again (expired idempotency keys, user leases that ended over a day ago).
/// </summary>
public sealed partial class AuditMaintenance
{
    /// <summary>Store calls per outcome and run at most, so one run always ends (the next run continues).</summary>
    public const int MaxBatchesPerOutcome = 200;

    private static readonly AuditOutcome[] Outcomes =
        [AuditOutcome.DryRun, AuditOutcome.Refused, AuditOutcome.NoChange, AuditOutcome.Failed, AuditOutcome.Succeeded];

    /// <summary>How long a lease row stays after its lease ended (the next holder reads when it ended; a day later nobody does).</summary>
    public static readonly TimeSpan EndedLeasesKeptFor = TimeSpan.FromDays(1);

    private readonly IAuditRetentionStore _store;
    private readonly IStoreHousekeeping? _housekeeping;
    private readonly IServiceProvider _services;
    private readonly AuditRetentionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditMaintenance> _logger;

    /// <summary>Creates the runner; the reconciler is built from <paramref name="services"/> when Entra is configured.</summary>
    public AuditMaintenance(
        IAuditRetentionStore store,
        IServiceProvider services,
        IOptions<AuditRetentionOptions> options,
        TimeProvider time,
        ILogger<AuditMaintenance> logger,
        IStoreHousekeeping? housekeeping = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _housekeeping = housekeeping;
        _services = services;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>How often the Standalone host runs it.</summary>
    public TimeSpan Interval => _options.Interval;

    /// <summary>Deletes what is due, then reconciles pending intents older than the grace period.</summary>
    public async Task<AuditMaintenanceResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var deleted = new Dictionary<AuditOutcome, int>();
        if (_options.Enabled)
        {
            var now = _time.GetUtcNow();
            foreach (var outcome in Outcomes)
            {
                var keep = _options.For(outcome);
                if (keep <= TimeSpan.Zero)
                {
                    continue;
                }

                var total = 0;
                for (var batch = 0; batch < MaxBatchesPerOutcome; batch++)
                {
                    var count = await _store.DeleteBeforeAsync(outcome, now - keep, _options.BatchSize, cancellationToken).ConfigureAwait(false);
                    total += count;
                    if (count < _options.BatchSize)
                    {
                        break;
                    }
                }

                deleted[outcome] = total;
                if (total > 0)
                {
                    LogDeleted(_logger, total, outcome, keep.TotalDays);
                }
            }
        }

        int? reconciled = null;
        if (AuditReconcilers.TryCreate(_services) is { } reconciler)
        {
            reconciled = await reconciler.ReconcilePendingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (reconciled > 0)
            {
                LogReconciled(_logger, reconciled.Value);
            }
        }

        // Not audit records, so not under AuditRetention:Enabled: rows no request will ever read again.
        int keys = 0, leases = 0;
        if (_housekeeping is not null)
        {
            var now = _time.GetUtcNow();
            for (var batch = 0; batch < MaxBatchesPerOutcome; batch++)
            {
                var run = await _housekeeping.DeleteExpiredAsync(now, now - EndedLeasesKeptFor, _options.BatchSize, cancellationToken).ConfigureAwait(false);
                keys += run.IdempotencyKeys;
                leases += run.Leases;
                if (run.IdempotencyKeys < _options.BatchSize && run.Leases < _options.BatchSize)
                {
                    break;
                }
            }

            if (keys + leases > 0)
            {
                LogHousekeeping(_logger, keys, leases);
            }
        }

        return new AuditMaintenanceResult(deleted, reconciled, new HousekeepingResult(keys, leases));
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Audit retention deleted {Count} {Outcome} record(s) older than {Days} days")]
    private static partial void LogDeleted(ILogger logger, int count, AuditOutcome outcome, double days);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "Store housekeeping deleted {Keys} expired idempotency key(s) and {Leases} ended lease row(s)")]
    private static partial void LogHousekeeping(ILogger logger, int keys, int leases);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "Audit maintenance reconciled {Count} abandoned intent(s)")]
    private static partial void LogReconciled(ILogger logger, int count);
}
