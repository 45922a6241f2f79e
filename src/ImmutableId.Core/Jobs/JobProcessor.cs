using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Core.Jobs;

/// <summary>
/// Runs one job item — the processor both hosts share (a hosted worker in Standalone, a queue-triggered function in
/// Azure). Each item runs the same workflow as PUT/DELETE (every guardrail, the per-user lease, its own audit record
/// carrying the job id and ticket), and is idempotent per job and user:
/// <list type="bullet">
/// <item>the item is claimed in the store before it runs (a second delivery while the first runs waits);</item>
/// <item>its outcome is recorded before the host deletes the message (a crash in between redelivers a finished item: no-op);</item>
/// <item>a redelivered item whose earlier attempt died reads that attempt's audit record: an outcome there is taken as is;
/// otherwise the workflow runs again and reads the user again inside the lease, so a write that landed is not repeated.</item>
/// </list>
/// </summary>
public sealed class JobProcessor
{
    /// <summary>The code of an item whose message was delivered more than <see cref="JobOptions.MaxDeliveries"/> times.</summary>
    public const string PoisonCode = "Poison";

    private readonly IJobStore _store;
    private readonly HardMatchWorkflow _workflow;
    private readonly IAuditLog? _audit;
    private readonly JobOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the processor.</summary>
    /// <param name="store">Jobs and items.</param>
    /// <param name="workflow">The hard-match workflow for bulk items (over the budgeted, low-priority Entra directory).</param>
    /// <param name="audit">The audit log the workflow writes (read on redelivery); null reads nothing.</param>
    /// <param name="options">Delivery bounds and claim duration.</param>
    /// <param name="time">The clock.</param>
    public JobProcessor(IJobStore store, HardMatchWorkflow workflow, IAuditLog? audit, JobOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _workflow = workflow;
        _audit = audit;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Processes one delivery of <paramref name="message"/>.</summary>
    /// <param name="message">The item to run.</param>
    /// <param name="deliveryCount">How many times the queue delivered it (this time included).</param>
    /// <param name="cancellationToken">Stops waiting; a write already started still runs to its recorded end.</param>
    public async Task<JobItemDisposition> ProcessAsync(JobMessage message, long deliveryCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var job = await _store.GetAsync(message.JobId, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return JobItemDisposition.Finished();
        }

        var now = _time.GetUtcNow();
        if (job.State is JobState.Cancelled or JobState.Failed)
        {
            await _store.CompleteItemAsync(job.Id, message.Index, Outcome(JobItemStatus.Cancelled, [], null, "The job was cancelled before this user started.", now), cancellationToken).ConfigureAwait(false);
            return JobItemDisposition.Finished(JobItemStatus.Cancelled);
        }

        if (deliveryCount > _options.MaxDeliveries)
        {
            var current = await _store.GetItemAsync(job.Id, message.Index, cancellationToken).ConfigureAwait(false);
            if (current is { Status: JobItemStatus.Running } && current.ClaimedUntil > now)
            {
                // A live worker is still on it (a slow item outlived the visibility timeout): not poison.
                return JobItemDisposition.Later(current.ClaimedUntil.Value - now + TimeSpan.FromSeconds(1), countsAsDelivery: false);
            }

            if (current is not null && !current.Status.IsTerminal() && await RecordedEarlierAsync(job, current, cancellationToken).ConfigureAwait(false) is null)
            {
                await _store.CompleteItemAsync(job.Id, message.Index, Outcome(JobItemStatus.Failed, [PoisonCode], current.OperationId,
                    $"The item was delivered {deliveryCount} times without an outcome (its worker crashed or timed out each time); nothing more is tried. Read the user's status and resubmit it if needed.", now), cancellationToken).ConfigureAwait(false);
            }

            await _store.TryCompleteAsync(job.Id, now, cancellationToken).ConfigureAwait(false);
            return JobItemDisposition.Finished(JobItemStatus.Failed);
        }

        var operationId = AuditRecord.NewOperationId(_time);
        var before = await _store.TryClaimItemAsync(job.Id, message.Index, operationId, now, now + _options.VisibilityTimeout, cancellationToken).ConfigureAwait(false);
        if (before is null)
        {
            var item = await _store.GetItemAsync(job.Id, message.Index, cancellationToken).ConfigureAwait(false);
            if (item is null || item.Status.IsTerminal())
            {
                await _store.TryCompleteAsync(job.Id, now, cancellationToken).ConfigureAwait(false);
                return JobItemDisposition.Finished(item?.Status);
            }

            // Another worker holds it (a duplicate delivery): look again when its claim lapses.
            return JobItemDisposition.Later((item.ClaimedUntil ?? now) - now + TimeSpan.FromSeconds(1), countsAsDelivery: false);
        }

        // The claim is short (a crashed worker's item is free again within one visibility timeout) and renewed while
        // this worker is on the item, however long its write waits for the budget or the user's lease.
        using var renewing = new CancellationTokenSource();
        var renewal = RenewClaimAsync(job.Id, message.Index, operationId, renewing.Token);
        try
        {
            return await RunClaimedAsync(job, message, before, operationId, now, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }
    }

    private async Task<JobItemDisposition> RunClaimedAsync(Job job, JobMessage message, JobItem before, Guid operationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await RecordedEarlierAsync(job, before, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            await _store.CompleteItemAsync(job.Id, message.Index, earlier, cancellationToken).ConfigureAwait(false);
            await _store.TryCompleteAsync(job.Id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return JobItemDisposition.Finished(earlier.Status);
        }

        if (job.State == JobState.Queued)
        {
            await _store.MarkRunningAsync(job.Id, now, cancellationToken).ConfigureAwait(false);
        }

        var interrupted = await InterruptedWriteAsync(job, before, cancellationToken).ConfigureAwait(false);
        var context = new OperationContext(operationId, now, job.Owner, job.OwnerScope.ToScope(), JobId: job.Id);
        var result = await RunAsync(job, before, context, cancellationToken).ConfigureAwait(false);
        if (Retryable(result) is { } retry)
        {
            await _store.ReleaseItemAsync(job.Id, message.Index, interrupted?.OperationId, cancellationToken).ConfigureAwait(false);
            return retry;
        }

        var outcome = ToOutcome(result, operationId, _time.GetUtcNow());
        if (interrupted is not null && result.Outcome == HardMatchOutcome.NoChange && string.Equals(result.After, interrupted.After, StringComparison.Ordinal))
        {
            // The earlier attempt's PATCH landed (the value is the one it intended) and its worker stopped before
            // recording it: that attempt wrote it. Its pending audit record is resolved by reconciliation.
            outcome = outcome with
            {
                Status = JobItemStatus.Succeeded,
                OperationId = interrupted.OperationId,
                Detail = "Written by an earlier attempt of this item whose worker stopped before recording the outcome; this attempt found the value in place.",
            };
        }

        await _store.CompleteItemAsync(job.Id, message.Index, outcome, cancellationToken).ConfigureAwait(false);
        await _store.TryCompleteAsync(job.Id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return JobItemDisposition.Finished(outcome.Status);
    }

    // Extends the claim every RenewalInterval until stopped. A failed renewal is tried again at the next tick; a
    // refused one (the item finished, or another worker took it over after a stall) ends the loop.
    private async Task RenewClaimAsync(Guid jobId, int index, Guid operationId, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.RenewalInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    if (!await _store.RenewItemClaimAsync(jobId, index, operationId, _time.GetUtcNow() + _options.VisibilityTimeout, CancellationToken.None).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    // The store is unreachable for now; the claim holds until its end and the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private Task<HardMatchResult> RunAsync(Job job, JobItem item, OperationContext context, CancellationToken cancellationToken)
    {
        if (!UserKey.TryParse(item.User, out var key, out var error))
        {
            // Validated on submission; a store edited by hand is the only way here.
            return Task.FromResult(new HardMatchResult
            {
                Operation = HardMatchOperation.Set,
                Outcome = HardMatchOutcome.Failed,
                User = UserKey.ForObjectGuid(Guid.NewGuid()),
                Checks = [new GuardrailCheck(GuardrailCode.UpstreamError, GuardrailVerdict.Blocked, error)],
            });
        }

        var ticket = item.Ticket ?? job.Ticket;
        return job.Operation switch
        {
            JobOperation.Clear => _workflow.ClearAsync(new ClearImmutableIdRequest(key, job.DryRun, ticket, job.Reason), context, cancellationToken),
            _ => _workflow.SetAsync(
                new SetImmutableIdRequest(key, item.Source ?? job.Source, item.ObjectGuid, Replace: false, DryRun: job.DryRun || job.Operation == JobOperation.Assess, ticket, job.Reason),
                context,
                cancellationToken),
        };
    }

    // Throttling and a busy user are retried without counting (the budget pauses every worker meanwhile); an
    // unavailable Graph or DC is retried and counts towards the poison bound.
    private static JobItemDisposition? Retryable(HardMatchResult result)
    {
        var codes = result.Blockers.Select(b => b.Code).ToHashSet();
        if (codes.Contains(GuardrailCode.Throttled) || codes.Contains(GuardrailCode.UserBusy))
        {
            return JobItemDisposition.Later(result.RetryAfter ?? TimeSpan.FromSeconds(5), countsAsDelivery: false);
        }

        if (result.Outcome == HardMatchOutcome.Failed && codes.Contains(GuardrailCode.UpstreamUnavailable))
        {
            return JobItemDisposition.Later(result.RetryAfter ?? TimeSpan.FromSeconds(10), countsAsDelivery: true);
        }

        return null;
    }

    // An earlier attempt of this item (same job, same user) whose audit record holds an outcome: take it as is.
    private async Task<JobItemOutcome?> RecordedEarlierAsync(Job job, JobItem item, CancellationToken cancellationToken)
    {
        if (_audit is null || item.Status.IsTerminal() || item.OperationId is not { } previous)
        {
            return null;
        }

        var record = await _audit.GetAsync(previous, cancellationToken).ConfigureAwait(false);
        if (record is null || record.Outcome == AuditOutcome.Pending || record.JobId != job.Id)
        {
            return null;
        }

        var status = record.Outcome switch
        {
            AuditOutcome.Succeeded => JobItemStatus.Succeeded,
            AuditOutcome.NoChange => JobItemStatus.NoChange,
            AuditOutcome.DryRun => JobItemStatus.Planned,
            AuditOutcome.Refused => JobItemStatus.Refused,
            _ => JobItemStatus.Failed,
        };
        if (status == JobItemStatus.Failed || record.Guardrails.Any(g => g.Blocking && g.Code is nameof(GuardrailCode.Throttled) or nameof(GuardrailCode.UserBusy)))
        {
            // A failed or retryable earlier attempt is run again, not taken.
            return null;
        }

        var codes = record.Guardrails.Where(g => g.Blocking).Concat(record.Guardrails.Where(g => !g.Blocking && g.Verdict == "warning")).Select(g => g.Code).ToList();
        return new JobItemOutcome(status, codes, previous, record.Target.CloudObjectId, record.Target.OnPremDistinguishedName, record.After,
            record.Guardrails.FirstOrDefault(g => g.Blocking)?.Detail, record.CompletedAt ?? _time.GetUtcNow());
    }

    // The earlier attempt of this item recorded its intent (so it may have sent the PATCH) but no outcome: its worker died.
    private async Task<AuditRecord?> InterruptedWriteAsync(Job job, JobItem item, CancellationToken cancellationToken)
    {
        if (_audit is null || job.DryRun || item.Status.IsTerminal() || item.OperationId is not { } previous)
        {
            return null;
        }

        var record = await _audit.GetAsync(previous, cancellationToken).ConfigureAwait(false);
        return record is { Outcome: AuditOutcome.Pending } && record.JobId == job.Id ? record : null;
    }

    private static JobItemOutcome ToOutcome(HardMatchResult result, Guid operationId, DateTimeOffset now)
    {
        var status = result.Outcome switch
        {
            HardMatchOutcome.Succeeded => JobItemStatus.Succeeded,
            HardMatchOutcome.NoChange => JobItemStatus.NoChange,
            HardMatchOutcome.Planned or HardMatchOutcome.Reported => JobItemStatus.Planned,
            HardMatchOutcome.Refused => JobItemStatus.Refused,
            _ => JobItemStatus.Failed,
        };
        var codes = result.Blockers.Concat(result.Warnings).Select(c => c.Code.ToString()).ToList();
        var anchor = result.Operation == HardMatchOperation.Clear ? result.Before : result.After ?? result.Anchor?.ToImmutableId();
        return new JobItemOutcome(status, codes, operationId, result.CloudUser?.Id, result.OnPremUser?.DistinguishedName, anchor,
            result.Blockers.FirstOrDefault()?.Detail, now);
    }

    private static JobItemOutcome Outcome(JobItemStatus status, IReadOnlyList<string> codes, Guid? operationId, string detail, DateTimeOffset now) =>
        new(status, codes, operationId, null, null, null, detail, now);
}
