namespace ImmutableId.Core.Jobs;

/// <summary>
/// Where jobs and their items live (the configured storage: SQLite or Azure Tables). Item updates are conditional,
/// so two workers that received the same message never both run it, and a recorded outcome is never overwritten.
/// </summary>
public interface IJobStore
{
    /// <summary>Stores a new job and all its items (status queued).</summary>
    /// <exception cref="InvalidOperationException">A job with this id exists.</exception>
    Task CreateAsync(Job job, IReadOnlyList<JobItem> items, CancellationToken cancellationToken = default);

    /// <summary>The job, or null.</summary>
    Task<Job?> GetAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>The owner's jobs (by <see cref="Audit.AuditCaller.ScopeKey"/>), newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<Job>> ListAsync(string ownerKey, int max, CancellationToken cancellationToken = default);

    /// <summary>Items per status and code.</summary>
    Task<JobCounts> CountAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>One item, or null.</summary>
    Task<JobItem?> GetItemAsync(Guid jobId, int index, CancellationToken cancellationToken = default);

    /// <summary>Items in index order, filtered, one page at a time.</summary>
    /// <exception cref="ArgumentException">The page size is out of range or the token is not one this store issued.</exception>
    Task<JobItemPage> ListItemsAsync(Guid jobId, JobItemQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims a queued item, or a running one whose claim lapsed (its worker died), until <paramref name="claimUntil"/>,
    /// under <paramref name="operationId"/>. Answers the item as it was <em>before</em> the claim (so the caller can
    /// check what an earlier attempt did), or null when it is finished or another worker's claim is still live.
    /// </summary>
    Task<JobItem?> TryClaimItemAsync(Guid jobId, int index, Guid operationId, DateTimeOffset now, DateTimeOffset claimUntil, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends the claim of a running item to <paramref name="claimUntil"/> while its worker is still on it; false,
    /// changing nothing, when the item is no longer running under <paramref name="operationId"/> (finished, given back,
    /// or taken over by another worker after the claim lapsed).
    /// </summary>
    Task<bool> RenewItemClaimAsync(Guid jobId, int index, Guid operationId, DateTimeOffset claimUntil, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives a claimed item back (status queued), e.g. to retry it after Graph's Retry-After; false when it was not running.
    /// <paramref name="operationId"/>, when given, becomes the item's operation id: the attempt the next one must check
    /// (an interrupted write's record, rather than this attempt's refusal).
    /// </summary>
    Task<bool> ReleaseItemAsync(Guid jobId, int index, Guid? operationId = null, CancellationToken cancellationToken = default);

    /// <summary>Records an item's outcome; false, changing nothing, when it already has one.</summary>
    Task<bool> CompleteItemAsync(Guid jobId, int index, JobItemOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>Moves a queued job to running (first item started); no effect otherwise.</summary>
    Task MarkRunningAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Marks the job completed when no item is queued or running; answers whether it is (now) finished.</summary>
    Task<bool> TryCompleteAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels an unfinished job: its state becomes cancelled and every queued item cancelled (running items finish).
    /// Answers the job as it is afterwards, or null when it does not exist.
    /// </summary>
    Task<Job?> CancelAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken = default);
}
