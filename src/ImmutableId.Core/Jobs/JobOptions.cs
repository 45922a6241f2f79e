using System.ComponentModel.DataAnnotations;

namespace ImmutableId.Core.Jobs;

/// <summary>
/// Bulk jobs (configuration section <c>Jobs</c>): the app-wide Graph write budget the workers share, the queue,
/// and the worker. Graph allows 3,000 writes per 150 s per app and tenant (20/s); the default budget stays just under
/// it (19.5/s) with a small burst. Interactive writes (PUT/DELETE) take from the same budget: bulk items leave
/// <see cref="Reserve"/> tokens for them, and they wait at most <see cref="InteractiveWaitSeconds"/>.
/// </summary>
public sealed class JobOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Jobs";

    /// <summary>The DI service key of the Entra directory bulk items use (the Graph adapter registers it with low throttle priority).</summary>
    public const string BulkDirectoryKey = "bulk";

    /// <summary>Graph writes the jobs of this app may send per <see cref="WriteWindowSeconds"/> (all instances together).</summary>
    [Range(1, 18_000)]
    public int WritesPerWindow { get; init; } = 2_925;

    /// <summary>The budget's window in seconds (Graph's is 150; a time-scaled emulator may use less).</summary>
    [Range(0.1, 3_600)]
    public double WriteWindowSeconds { get; init; } = 150;

    /// <summary>How many writes may go at once after a quiet spell (the bucket's size).</summary>
    [Range(1, 3_000)]
    public int WriteBurst { get; init; } = 40;

    /// <summary>
    /// Tokens of the burst that bulk items leave for interactive writes (PUT/DELETE); unset = half of
    /// <see cref="WriteBurst"/> (20 by default: one second of Graph's writes). Must be below <see cref="WriteBurst"/>.
    /// </summary>
    [Range(0, 2_999)]
    public int? InteractiveReserve { get; init; }

    /// <summary>
    /// The longest an interactive write waits for the budget (an exhausted reserve, or a stored 429 pause) before it
    /// answers 503 Throttled with Retry-After instead of writing.
    /// </summary>
    [Range(0, 60)]
    public double InteractiveWaitSeconds { get; init; } = 2;

    /// <summary>Parallel items per worker (each waits for the shared budget before its write).</summary>
    [Range(1, 64)]
    public int WorkerConcurrency { get; init; } = 8;

    /// <summary>When false the Standalone host runs no worker (another instance processes the queue).</summary>
    public bool WorkerEnabled { get; init; } = true;

    /// <summary>
    /// How long a received message stays hidden, and an item claimed, before another worker may take it over. The
    /// worker renews both every third of this while the item runs, so a slow item keeps them and a crashed worker's
    /// items are taken over within this time (not after the longest an item could take).
    /// </summary>
    [Range(5, 3_600)]
    public int VisibilityTimeoutSeconds { get; init; } = 30;

    /// <summary><see cref="VisibilityTimeoutSeconds"/> as a time span.</summary>
    public TimeSpan VisibilityTimeout => TimeSpan.FromSeconds(VisibilityTimeoutSeconds);

    /// <summary>How often a running item's message and claim are renewed: a third of <see cref="VisibilityTimeout"/>.</summary>
    public TimeSpan RenewalInterval => VisibilityTimeout / 3;

    /// <summary>A message delivered more often than this is poison: its item ends failed with the reason.</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; init; } = 5;

    /// <summary>The Azure Storage queue's name (AzureTables storage) — also the Functions queue trigger's <c>%Jobs:QueueName%</c>.</summary>
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Jobs:QueueName must be a valid Azure Storage queue name (3-63 lowercase letters, digits and single hyphens).")]
    public string QueueName { get; init; } = "immutableid-jobs";

    /// <summary>How long an idle worker waits before polling the queue again, in milliseconds.</summary>
    [Range(10, 60_000)]
    public int PollMilliseconds { get; init; } = 500;

    /// <summary>Writes per second the budget allows.</summary>
    public double WritesPerSecond => WritesPerWindow / WriteWindowSeconds;

    /// <summary>The tokens bulk items leave for interactive writes (<see cref="InteractiveReserve"/>, else half the burst).</summary>
    public int Reserve => InteractiveReserve ?? WriteBurst / 2;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Reserve >= WriteBurst)
        {
            yield return new ValidationResult(
                $"Jobs:InteractiveReserve ({Reserve}) must be below Jobs:WriteBurst ({WriteBurst}), or bulk jobs could never write.",
                [nameof(InteractiveReserve), nameof(WriteBurst)]);
        }
    }
}
