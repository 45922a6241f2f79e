using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>
/// The contract of the job store, the job queue and the shared write budget: one suite, run against SQLite
/// (<see cref="SqliteJobStoreContractTests"/>) and Azure Tables + Azure Storage queues on Azurite
/// (<see cref="AzureJobStoreContractTests"/>). Each test gets fresh, empty stores and its own queue.
/// </summary>
public abstract class JobStoreContractTests() : StoreTestBase(Start)
{
    protected static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static readonly AuditCaller Alice = new("app-a", "oid-a", "app-a", AppOnly: true, "tenant");
    private static readonly AuditCaller Bob = new("app-b", "oid-b", "app-b", AppOnly: true, "tenant");

    /// <summary>The test's clock: the budget, the claims and the job times read it.</summary>
    protected FakeTimeProvider Clock => Store.Clock;

    // ---------- jobs and items ----------

    [Fact]
    public async Task Create_ThenGet_RoundTripsJobAndItems()
    {
        var (job, items) = NewJob(Alice, 3);

        await Store.Jobs.CreateAsync(job, items);

        Assert.Equal(job, (await Store.Jobs.GetAsync(job.Id))! with { OwnerScope = job.OwnerScope });
        var read = await Store.Jobs.GetAsync(job.Id);
        Assert.Equal(["contoso.com"], read!.OwnerScope.UpnDomains);
        var second = await Store.Jobs.GetItemAsync(job.Id, 1);
        Assert.Equal(items[1] with { Codes = [] }, second! with { Codes = [] });
        Assert.Equal(AnchorSourcePreference.ObjectGuid, second.Source);
        Assert.Null(await Store.Jobs.GetItemAsync(job.Id, 3));
        Assert.Null(await Store.Jobs.GetAsync(Guid.CreateVersion7()));
    }

    [Fact]
    public async Task Create_SameIdTwice_Throws()
    {
        var (job, items) = NewJob(Alice, 1);
        await Store.Jobs.CreateAsync(job, items);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.Jobs.CreateAsync(job, items));
    }

    [Fact]
    public async Task List_OnlyTheOwnersJobs_NewestFirst()
    {
        var (first, firstItems) = NewJob(Alice, 1);
        await Store.Jobs.CreateAsync(first, firstItems);
        Clock.Advance(TimeSpan.FromSeconds(5));
        var (second, secondItems) = NewJob(Alice, 1);
        await Store.Jobs.CreateAsync(second, secondItems);
        var (others, otherItems) = NewJob(Bob, 1);
        await Store.Jobs.CreateAsync(others, otherItems);

        var listed = await Store.Jobs.ListAsync(Alice.ScopeKey, 10);

        Assert.Equal([second.Id, first.Id], listed.Select(j => j.Id));
        Assert.Single(await Store.Jobs.ListAsync(Alice.ScopeKey, 1));
    }

    [Fact]
    public async Task Claim_QueuedItem_AnswersItBeforeAndHoldsIt()
    {
        var (job, items) = NewJob(Alice, 2);
        await Store.Jobs.CreateAsync(job, items);
        var op = Guid.CreateVersion7();

        var before = await Store.Jobs.TryClaimItemAsync(job.Id, 0, op, Clock.GetUtcNow(), Clock.GetUtcNow().AddMinutes(5));
        var again = await Store.Jobs.TryClaimItemAsync(job.Id, 0, Guid.CreateVersion7(), Clock.GetUtcNow(), Clock.GetUtcNow().AddMinutes(5));

        Assert.Equal(JobItemStatus.Queued, before!.Status);
        Assert.Null(again);
        var held = await Store.Jobs.GetItemAsync(job.Id, 0);
        Assert.Equal(JobItemStatus.Running, held!.Status);
        Assert.Equal(op, held.OperationId);
        Assert.Equal(1, held.Attempts);
    }

    [Fact]
    public async Task Claim_LapsedClaim_TakenOverWithThePreviousAttemptVisible()
    {
        var (job, items) = NewJob(Alice, 1);
        await Store.Jobs.CreateAsync(job, items);
        var first = Guid.CreateVersion7();
        await Store.Jobs.TryClaimItemAsync(job.Id, 0, first, Clock.GetUtcNow(), Clock.GetUtcNow().AddMinutes(5));
        Clock.Advance(TimeSpan.FromMinutes(6));

        var before = await Store.Jobs.TryClaimItemAsync(job.Id, 0, Guid.CreateVersion7(), Clock.GetUtcNow(), Clock.GetUtcNow().AddMinutes(5));

        Assert.Equal(JobItemStatus.Running, before!.Status);
        Assert.Equal(first, before.OperationId);
        Assert.Equal(2, (await Store.Jobs.GetItemAsync(job.Id, 0))!.Attempts);
    }

    [Fact]
    public async Task RenewClaim_ByItsHolder_KeepsItPastTheFirstEnd_OthersAndFinishedRefused()
    {
        var (job, items) = NewJob(Alice, 1);
        await Store.Jobs.CreateAsync(job, items);
        var op = Guid.CreateVersion7();
        await Store.Jobs.TryClaimItemAsync(job.Id, 0, op, Clock.GetUtcNow(), Clock.GetUtcNow().AddSeconds(30));
        Clock.Advance(TimeSpan.FromSeconds(20));

        var stranger = await Store.Jobs.RenewItemClaimAsync(job.Id, 0, Guid.CreateVersion7(), Clock.GetUtcNow().AddSeconds(30));
        var holder = await Store.Jobs.RenewItemClaimAsync(job.Id, 0, op, Clock.GetUtcNow().AddSeconds(30));
        Clock.Advance(TimeSpan.FromSeconds(20));
        var takeOver = await Store.Jobs.TryClaimItemAsync(job.Id, 0, Guid.CreateVersion7(), Clock.GetUtcNow(), Clock.GetUtcNow().AddSeconds(30));
        await Store.Jobs.CompleteItemAsync(job.Id, 0, Outcome(JobItemStatus.Succeeded, [], op));

        Assert.False(stranger);
        Assert.True(holder);
        Assert.Null(takeOver); // 40 s after the claim: past its first end (30 s), inside the renewed one (50 s)
        Assert.False(await Store.Jobs.RenewItemClaimAsync(job.Id, 0, op, Clock.GetUtcNow().AddSeconds(30)));
        Assert.Null((await Store.Jobs.GetItemAsync(job.Id, 0))!.ClaimedUntil);
    }

    [Fact]
    public async Task Complete_Once_SecondOutcomeIgnoredAndItemNotClaimable()
    {
        var (job, items) = NewJob(Alice, 1);
        await Store.Jobs.CreateAsync(job, items);
        var op = Guid.CreateVersion7();
        await Store.Jobs.TryClaimItemAsync(job.Id, 0, op, Clock.GetUtcNow(), Clock.GetUtcNow().AddMinutes(5));

        var first = await Store.Jobs.CompleteItemAsync(job.Id, 0, Outcome(JobItemStatus.Refused, ["PrivilegedTarget", "AnchorSourceMismatch"], op));
        var second = await Store.Jobs.CompleteItemAsync(job.Id, 0, Outcome(JobItemStatus.Succeeded, [], op));

        Assert.True(first);
        Assert.False(second);
        var item = await Store.Jobs.GetItemAsync(job.Id, 0);
        Assert.Equal(JobItemStatus.Refused, item!.Status);
        Assert.Equal(["PrivilegedTarget", "AnchorSourceMismatch"], item.CodeList);
        Assert.Equal("cloud-1", item.CloudId);
        Assert.Null(item.ClaimedUntil);
        Assert.Null(await Store.Jobs.TryClaimItemAsync(job.Id, 0, Guid.CreateVersion7(), Clock.GetUtcNow().AddHours(1), Clock.GetUtcNow().AddHours(2)));
    }

    [Fact]
    public async Task Release_RunningItem_QueuedAgain()
    {
        var (job, items) = NewJob(Alice, 1);
        await Store.Jobs.CreateAsync(job, items);
        await Store.Jobs.TryClaimItemAsync(job.Id, 0, Guid.CreateVersion7(), Clock.GetUtcNow(), Clock.GetUtcNow().AddMinutes(5));

        var interrupted = Guid.CreateVersion7();
        Assert.True(await Store.Jobs.ReleaseItemAsync(job.Id, 0, interrupted));
        Assert.False(await Store.Jobs.ReleaseItemAsync(job.Id, 0));
        Assert.Equal(interrupted, (await Store.Jobs.GetItemAsync(job.Id, 0))!.OperationId);
        Assert.NotNull(await Store.Jobs.TryClaimItemAsync(job.Id, 0, Guid.CreateVersion7(), Clock.GetUtcNow(), Clock.GetUtcNow().AddMinutes(5)));
    }

    [Fact]
    public async Task Count_PerStatusAndPerCode()
    {
        var (job, items) = NewJob(Alice, 4);
        await Store.Jobs.CreateAsync(job, items);
        await Store.Jobs.CompleteItemAsync(job.Id, 0, Outcome(JobItemStatus.Succeeded, [], null));
        await Store.Jobs.CompleteItemAsync(job.Id, 1, Outcome(JobItemStatus.Refused, ["PrivilegedTarget"], null));
        await Store.Jobs.CompleteItemAsync(job.Id, 2, Outcome(JobItemStatus.Refused, ["PrivilegedTarget", "GuestUser"], null));

        var counts = await Store.Jobs.CountAsync(job.Id);

        Assert.Equal(1, counts.ByStatus[JobItemStatus.Succeeded]);
        Assert.Equal(2, counts.ByStatus[JobItemStatus.Refused]);
        Assert.Equal(1, counts.ByStatus[JobItemStatus.Queued]);
        Assert.Equal(0, counts.ByStatus[JobItemStatus.Failed]);
        Assert.Equal(2, counts.ByCode["PrivilegedTarget"]);
        Assert.Equal(1, counts.ByCode["GuestUser"]);
        Assert.Equal(3, counts.Done);
        Assert.Equal(Clock.GetUtcNow(), counts.LastCompletedAt);
    }

    [Fact]
    public async Task ListItems_FilteredAndPaged_InIndexOrder()
    {
        var (job, items) = NewJob(Alice, 7);
        await Store.Jobs.CreateAsync(job, items);
        foreach (var i in new[] { 1, 3, 4, 6 })
        {
            await Store.Jobs.CompleteItemAsync(job.Id, i, Outcome(JobItemStatus.Refused, i == 4 ? ["GuestUser"] : ["PrivilegedTarget"], null));
        }

        var all = new List<int>();
        string? token = null;
        do
        {
            var page = await Store.Jobs.ListItemsAsync(job.Id, new JobItemQuery(PageSize: 3, ContinuationToken: token));
            Assert.True(page.Items.Count <= 3);
            all.AddRange(page.Items.Select(i => i.Index));
            token = page.ContinuationToken;
        }
        while (token is not null);
        var refused = await Store.Jobs.ListItemsAsync(job.Id, new JobItemQuery(Status: JobItemStatus.Refused, PageSize: 2));
        var refusedRest = await Store.Jobs.ListItemsAsync(job.Id, new JobItemQuery(Status: JobItemStatus.Refused, PageSize: 2, ContinuationToken: refused.ContinuationToken));
        var privileged = await Store.Jobs.ListItemsAsync(job.Id, new JobItemQuery(Code: "PrivilegedTarget"));

        Assert.Equal(Enumerable.Range(0, 7), all);
        Assert.Equal([1, 3], refused.Items.Select(i => i.Index));
        Assert.Equal([4, 6], refusedRest.Items.Select(i => i.Index));
        Assert.Null(refusedRest.ContinuationToken);
        Assert.Equal([1, 3, 6], privileged.Items.Select(i => i.Index));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Jobs.ListItemsAsync(job.Id, new JobItemQuery(ContinuationToken: "not-ours")));
    }

    [Fact]
    public async Task TryComplete_OnlyWhenNoItemIsOpen()
    {
        var (job, items) = NewJob(Alice, 2);
        await Store.Jobs.CreateAsync(job, items);
        await Store.Jobs.MarkRunningAsync(job.Id, Clock.GetUtcNow());
        await Store.Jobs.CompleteItemAsync(job.Id, 0, Outcome(JobItemStatus.Succeeded, [], null));

        var early = await Store.Jobs.TryCompleteAsync(job.Id, Clock.GetUtcNow());
        await Store.Jobs.CompleteItemAsync(job.Id, 1, Outcome(JobItemStatus.NoChange, [], null));
        Clock.Advance(TimeSpan.FromSeconds(3));
        var done = await Store.Jobs.TryCompleteAsync(job.Id, Clock.GetUtcNow());

        Assert.False(early);
        Assert.True(done);
        var read = await Store.Jobs.GetAsync(job.Id);
        Assert.Equal(JobState.Completed, read!.State);
        Assert.Equal(Start, read.StartedAt);
        Assert.Equal(Start.AddSeconds(3), read.EndedAt);
    }

    [Fact]
    public async Task Cancel_QueuedItemsCancelled_RunningItemFinishes()
    {
        var (job, items) = NewJob(Alice, 3);
        await Store.Jobs.CreateAsync(job, items);
        await Store.Jobs.TryClaimItemAsync(job.Id, 0, Guid.CreateVersion7(), Clock.GetUtcNow(), Clock.GetUtcNow().AddMinutes(5));

        var cancelled = await Store.Jobs.CancelAsync(job.Id, Clock.GetUtcNow());
        var finished = await Store.Jobs.CompleteItemAsync(job.Id, 0, Outcome(JobItemStatus.Succeeded, [], null));

        Assert.Equal(JobState.Cancelled, cancelled!.State);
        Assert.True(finished);
        var counts = await Store.Jobs.CountAsync(job.Id);
        Assert.Equal(2, counts.ByStatus[JobItemStatus.Cancelled]);
        Assert.Equal(1, counts.ByStatus[JobItemStatus.Succeeded]);
        Assert.Equal(JobState.Cancelled, (await Store.Jobs.CancelAsync(job.Id, Clock.GetUtcNow()))!.State);
        Assert.Null(await Store.Jobs.CancelAsync(Guid.CreateVersion7(), Clock.GetUtcNow()));
    }

    [Fact]
    public async Task Submit_QueueFailsAfterTheFirstChunk_JobCancelled_NoUserLeftQueued()
    {
        var queue = new FailingQueue(Store.Queue, succeedChunks: 1);
        var service = new JobService(Store.Jobs, queue, Clock);
        var rows = Enumerable.Range(0, 100).Select(i => new JobRow(i, $"user{i}@contoso.com")).ToList();

        var error = await Assert.ThrowsAsync<JobNotQueuedException>(() => service.SubmitAsync(
            new JobSubmission(JobOperation.Set, rows, false, AnchorSourcePreference.Auto, "CHG0001", null, Alice, Core.Scopes.DirectoryScope.Unrestricted)));

        Assert.True(error.Cancelled, error.ToString());
        Assert.Equal(32, queue.Sent);
        Assert.Equal(JobState.Cancelled, (await Store.Jobs.GetAsync(error.JobId))!.State);
        var counts = await Store.Jobs.CountAsync(error.JobId);
        Assert.Equal(0, counts.ByStatus[JobItemStatus.Queued]);
        Assert.Equal(100, counts.ByStatus[JobItemStatus.Cancelled]);
    }

    [Fact]
    public async Task Submit_CallerGoneAfterTheJobIsStored_EveryUserStillQueued()
    {
        using var gone = new CancellationTokenSource();
        var queue = new FailingQueue(Store.Queue, succeedChunks: int.MaxValue, onFirst: gone.Cancel);
        var service = new JobService(Store.Jobs, queue, Clock);
        var rows = Enumerable.Range(0, 100).Select(i => new JobRow(i, $"user{i}@contoso.com")).ToList();

        var (job, errors) = await service.SubmitAsync(
            new JobSubmission(JobOperation.Set, rows, false, AnchorSourcePreference.Auto, "CHG0001", null, Alice, Core.Scopes.DirectoryScope.Unrestricted), gone.Token);

        Assert.Empty(errors);
        Assert.Equal(100, queue.Sent);
        Assert.Equal(JobState.Queued, (await Store.Jobs.GetAsync(job!.Id))!.State);
    }

    /// <summary>
    /// The store's own queue, failing every chunk after the first <c>succeedChunks</c> — only once those are sent, so a
    /// failure cannot cancel them mid-flight (the job is then really half-queued).
    /// </summary>
    private sealed class FailingQueue(IJobQueue inner, int succeedChunks, Action? onFirst = null) : IJobQueue
    {
        private readonly TaskCompletionSource _succeeded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _chunks;
        private int _done;
        private int _sent;

        public int Sent => _sent;

        public async Task EnqueueAsync(IReadOnlyList<JobMessage> messages, TimeSpan delay = default, CancellationToken cancellationToken = default)
        {
            var chunk = Interlocked.Increment(ref _chunks);
            if (chunk == 1)
            {
                onFirst?.Invoke();
            }

            if (chunk > succeedChunks)
            {
                await _succeeded.Task;
                throw new IOException("queue unavailable");
            }

            await inner.EnqueueAsync(messages, delay, cancellationToken);
            Interlocked.Add(ref _sent, messages.Count);
            if (Interlocked.Increment(ref _done) == succeedChunks)
            {
                _succeeded.TrySetResult();
            }
        }

        public Task<IReadOnlyList<ReceivedJobMessage>> ReceiveAsync(int max, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
            inner.ReceiveAsync(max, visibilityTimeout, cancellationToken);

        public Task<bool> DeleteAsync(ReceivedJobMessage message, CancellationToken cancellationToken = default) => inner.DeleteAsync(message, cancellationToken);

        public Task<ReceivedJobMessage?> RenewAsync(ReceivedJobMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
            inner.RenewAsync(message, visibilityTimeout, cancellationToken);

        public Task<bool> ReleaseAsync(ReceivedJobMessage message, TimeSpan delay, CancellationToken cancellationToken = default) => inner.ReleaseAsync(message, delay, cancellationToken);
    }

    // ---------- the queue ----------

    [Fact]
    public async Task Queue_Receive_HidesUntilTimeoutThenRedeliversWithCount()
    {
        var job = Guid.CreateVersion7();
        await Store.Queue.EnqueueAsync([new JobMessage(job, 0), new JobMessage(job, 1)]);

        var first = await Store.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(2));
        var hidden = await Store.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(2));
        await AdvanceAsync(TimeSpan.FromSeconds(3));
        var again = await Store.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(30));

        Assert.Equal([0, 1], first.Select(m => m.Message.Index).Order());
        Assert.All(first, m => Assert.Equal(1, m.DequeueCount));
        Assert.Empty(hidden);
        Assert.Equal([0, 1], again.Select(m => m.Message.Index).Order());
        Assert.All(again, m => Assert.Equal(2, m.DequeueCount));
        Assert.All(again, m => Assert.Equal(job, m.Message.JobId));
    }

    [Fact]
    public async Task Queue_Delete_StaleReceiptRefused_CurrentOneDeletes()
    {
        await Store.Queue.EnqueueAsync([new JobMessage(Guid.CreateVersion7(), 5)]);
        var first = Assert.Single(await Store.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(1)));
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        var second = Assert.Single(await Store.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(1)));

        Assert.False(await Store.Queue.DeleteAsync(first));
        Assert.True(await Store.Queue.DeleteAsync(second));
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Empty(await Store.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Queue_ReleaseAndDelayedEnqueue_VisibleOnlyAfterTheDelay()
    {
        var job = Guid.CreateVersion7();
        await Store.Queue.EnqueueAsync([new JobMessage(job, 0)]);
        await Store.Queue.EnqueueAsync([new JobMessage(job, 1)], TimeSpan.FromSeconds(2));
        var received = Assert.Single(await Store.Queue.ReceiveAsync(10, TimeSpan.FromMinutes(5)));

        Assert.True(await Store.Queue.ReleaseAsync(received, TimeSpan.FromSeconds(2)));
        Assert.Empty(await Store.Queue.ReceiveAsync(10, TimeSpan.FromMinutes(5)));
        await AdvanceAsync(TimeSpan.FromSeconds(3));
        var later = await Store.Queue.ReceiveAsync(10, TimeSpan.FromMinutes(5));

        Assert.Equal([0, 1], later.Select(m => m.Message.Index).Order());
        Assert.Equal(2, later.Single(m => m.Message.Index == 0).DequeueCount);
    }

    [Fact]
    public async Task Queue_Renew_KeepsItHiddenPastTheFirstTimeout_NewReceiptDeletes_StaleOneRefused()
    {
        await Store.Queue.EnqueueAsync([new JobMessage(Guid.CreateVersion7(), 3)]);
        var received = Assert.Single(await Store.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(2)));

        await AdvanceAsync(TimeSpan.FromSeconds(1));
        var renewed = await Store.Queue.RenewAsync(received, TimeSpan.FromSeconds(3));
        await AdvanceAsync(TimeSpan.FromSeconds(1.5));
        var hidden = await Store.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(1));

        Assert.NotNull(renewed);
        Assert.Empty(hidden); // 2.5 s after the receive: past its first timeout (2 s), inside the renewed one
        Assert.True(await Store.Queue.DeleteAsync(renewed));
        await AdvanceAsync(TimeSpan.FromSeconds(3));
        Assert.Empty(await Store.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Queue_Renew_AfterRedelivery_Refused()
    {
        await Store.Queue.EnqueueAsync([new JobMessage(Guid.CreateVersion7(), 4)]);
        var first = Assert.Single(await Store.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(1)));
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        var second = Assert.Single(await Store.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));

        Assert.Null(await Store.Queue.RenewAsync(first, TimeSpan.FromSeconds(30)));
        Assert.NotNull(await Store.Queue.RenewAsync(second, TimeSpan.FromSeconds(30)));
    }

    // ---------- the shared write budget ----------

    [Fact]
    public async Task Budget_BurstThenRefillAtTheConfiguredRate()
    {
        var granted = 0;
        TimeSpan wait;
        while ((wait = await Store.Budget.TryTakeAsync(WritePriority.Interactive)) == TimeSpan.Zero)
        {
            granted++;
        }

        // Jobs:WriteBurst = 5, 10 writes per 1 s window in these tests: one more write every 100 ms.
        Assert.Equal(5, granted);
        Assert.InRange(wait.TotalMilliseconds, 1, 100);
        Clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(TimeSpan.Zero, await Store.Budget.TryTakeAsync(WritePriority.Interactive));
        Assert.Equal(TimeSpan.Zero, await Store.Budget.TryTakeAsync(WritePriority.Interactive));
        Assert.NotEqual(TimeSpan.Zero, await Store.Budget.TryTakeAsync(WritePriority.Interactive));
        Assert.Equal(7, (await Store.Budget.ReadAsync()).Granted);
    }

    [Fact]
    public async Task Budget_BulkLeavesTheReserve_InteractiveTakesIt()
    {
        var bulk = 0;
        TimeSpan bulkWait;
        while ((bulkWait = await Store.Budget.TryTakeAsync(WritePriority.Bulk)) == TimeSpan.Zero)
        {
            bulk++;
        }

        // Burst 5, Jobs:InteractiveReserve unset = half the burst (2): a job stops with 2 tokens left.
        var interactive = 0;
        while (await Store.Budget.TryTakeAsync(WritePriority.Interactive) == TimeSpan.Zero)
        {
            interactive++;
        }

        Assert.Equal(3, bulk);
        Assert.Equal(2, interactive);
        // Bulk must wait for the reserve to refill (3 tokens at 10/s from empty), not only for its own token.
        Assert.NotEqual(TimeSpan.Zero, await Store.Budget.TryTakeAsync(WritePriority.Bulk));
        Clock.Advance(TimeSpan.FromMilliseconds(150));
        Assert.Equal(TimeSpan.Zero, await Store.Budget.TryTakeAsync(WritePriority.Interactive));
        Assert.NotEqual(TimeSpan.Zero, await Store.Budget.TryTakeAsync(WritePriority.Bulk));
        Assert.InRange(bulkWait.TotalMilliseconds, 1, 100);
    }

    [Fact]
    public async Task Budget_Pause_EveryTakeWaitsUntilItEnds()
    {
        await Store.Budget.PauseUntilAsync(Clock.GetUtcNow().AddSeconds(30));

        var wait = await Store.Budget.TryTakeAsync(WritePriority.Bulk);
        var interactiveWait = await Store.Budget.TryTakeAsync(WritePriority.Interactive);
        Clock.Advance(TimeSpan.FromSeconds(31));
        var after = await Store.Budget.TryTakeAsync(WritePriority.Bulk);

        Assert.Equal(TimeSpan.FromSeconds(30), wait);
        Assert.Equal(TimeSpan.FromSeconds(30), interactiveWait);
        Assert.Equal(TimeSpan.Zero, after);
        Assert.Null((await Store.Budget.ReadAsync()).PausedUntil);
    }

    [Fact]
    public async Task Budget_BulkHold_HoldsOnlyBulkTakes_UntilItEnds_KeepsTheTokens()
    {
        await Store.Budget.HoldBulkUntilAsync(Clock.GetUtcNow().AddSeconds(3));
        await Store.Budget.HoldBulkUntilAsync(Clock.GetUtcNow().AddSeconds(1)); // an earlier hold does not shorten it

        var bulkWait = await Store.Budget.TryTakeAsync(WritePriority.Bulk);
        var interactiveWait = await Store.Budget.TryTakeAsync(WritePriority.Interactive);
        Clock.Advance(TimeSpan.FromSeconds(3.5));
        var after = await Store.Budget.TryTakeAsync(WritePriority.Bulk);

        Assert.Equal(TimeSpan.FromSeconds(3), bulkWait);
        Assert.Equal(TimeSpan.Zero, interactiveWait);
        Assert.Equal(TimeSpan.Zero, after);
        Assert.Null((await Store.Budget.ReadAsync()).BulkHeldUntil);
    }

    /// <summary>The budget settings every provider's test store uses.</summary>
    protected static IEnumerable<KeyValuePair<string, string?>> JobSettings(string queueName) =>
    [
        new("Jobs:WriteBurst", "5"),
        new("Jobs:WritesPerWindow", "10"),
        new("Jobs:WriteWindowSeconds", "1"),
        new("Jobs:QueueName", queueName),
    ];

    /// <summary>Moves time on for visibility timeouts: the fake clock (SQLite queue) and the real one (Azure queue: Azurite keeps its own time).</summary>
    protected abstract Task AdvanceAsync(TimeSpan by);

    private (Job Job, IReadOnlyList<JobItem> Items) NewJob(AuditCaller owner, int count)
    {
        var id = Guid.CreateVersion7(Clock.GetUtcNow());
        var job = new Job(id, JobOperation.Set, false, AnchorSourcePreference.Auto, "CHG0001", "cutover", owner,
            new JobScope(["contoso.com"], []), JobState.Queued, count, Clock.GetUtcNow());
        var items = Enumerable.Range(0, count)
            .Select(i => new JobItem(id, i, $"user{i}@contoso.com", i == 1 ? AnchorSourcePreference.ObjectGuid : null, Ticket: i == 2 ? "INC-2" : null, Codes: []))
            .ToList();
        return (job, items);
    }

    private JobItemOutcome Outcome(JobItemStatus status, IReadOnlyList<string> codes, Guid? op) =>
        new(status, codes, op, "cloud-1", "CN=User,OU=Staff,DC=contoso,DC=com", "yYuRNW0Z6kCXeYidebdT8A==", codes.Count > 0 ? "refused" : null, Clock.GetUtcNow());
}
