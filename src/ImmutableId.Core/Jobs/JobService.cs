namespace ImmutableId.Core.Jobs;

/// <summary>Accepts jobs (validated whole, then stored, then queued) and cancels them.</summary>
public sealed class JobService(IJobStore store, IJobQueue queue, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>How many messages are sent to the queue at once.</summary>
    private const int EnqueueParallelism = 16;

    /// <summary>
    /// Validates every row; when all are valid stores the job and its items and queues one message per item.
    /// Answers the job, or the offending rows (nothing stored or queued then).
    /// </summary>
    public async Task<(Job? Job, IReadOnlyList<JobRowError> Errors)> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var now = _time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        if (submission.Rows.Count > Job.MaxItems)
        {
            return (null, [new JobRowError(Job.MaxItems + 1, "TooManyUsers", $"A job holds at most {Job.MaxItems:N0} users; this one has {submission.Rows.Count:N0}. Split it into several jobs.")]);
        }

        var (items, errors) = JobRows.Validate(id, submission.Rows);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var job = new Job(id, submission.Operation, submission.DryRun || submission.Operation == JobOperation.Assess, submission.Source, submission.Ticket, submission.Reason,
            submission.Owner, JobScope.From(submission.OwnerScope), JobState.Queued, items.Count, now);
        await store.CreateAsync(job, items, cancellationToken).ConfigureAwait(false);

        // Once stored, the job is queued whole even if the caller goes away (its token no longer applies): a half-queued
        // job would leave users waiting for messages that never come. When the queue fails, the job is cancelled (its
        // queued users end cancelled, the messages already sent find it so) and the caller is told nothing will run.
        var messages = items.Select(i => new JobMessage(id, i.Index)).ToList();
        try
        {
            await Parallel.ForEachAsync(messages.Chunk(32), new ParallelOptions { MaxDegreeOfParallelism = EnqueueParallelism },
                async (chunk, ct) => await queue.EnqueueAsync(chunk, TimeSpan.Zero, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Job? cancelled = null;
            try
            {
                cancelled = await store.CancelAsync(id, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception cancelError) when (cancelError is not OperationCanceledException)
            {
                throw new JobNotQueuedException(id, cancelled: false, new AggregateException(ex, cancelError));
            }

            throw new JobNotQueuedException(id, cancelled is { State: JobState.Cancelled }, ex);
        }

        if (items.Count == 0)
        {
            await store.TryCompleteAsync(id, now, cancellationToken).ConfigureAwait(false);
            job = await store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? job;
        }

        return (job, []);
    }

    /// <summary>Cancels the job: no queued item starts; items in flight finish.</summary>
    public Task<Job?> CancelAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        store.CancelAsync(jobId, _time.GetUtcNow(), cancellationToken);
}

/// <summary>The job was stored but its users could not all be queued; it was cancelled (unless that failed too).</summary>
public sealed class JobNotQueuedException(Guid jobId, bool cancelled, Exception innerException)
    : Exception($"Job {jobId} could not be queued{(cancelled ? " and was cancelled" : " and could not be cancelled")}: {innerException.Message}", innerException)
{
    /// <summary>The stored job.</summary>
    public Guid JobId { get; } = jobId;

    /// <summary>True when the job is now cancelled (no user of it will run).</summary>
    public bool Cancelled { get; } = cancelled;
}
