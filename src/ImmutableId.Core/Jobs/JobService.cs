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
        var messages = items.Select(i => new JobMessage(id, i.Index)).ToList();
        await Parallel.ForEachAsync(messages.Chunk(32), new ParallelOptions { MaxDegreeOfParallelism = EnqueueParallelism, CancellationToken = cancellationToken },
            async (chunk, ct) => await queue.EnqueueAsync(chunk, TimeSpan.Zero, ct).ConfigureAwait(false)).ConfigureAwait(false);
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
