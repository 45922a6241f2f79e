using Azure.Storage.Queues.Models;
using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;
using ImmutableId.Core.OnPrem;
using Moq;

namespace ImmutableId.Functions.Tests;

/// <summary>The queue-triggered function by direct invocation: what it does with each of the processor's dispositions.</summary>
public sealed class ProcessJobItemFunctionTests
{
    private static readonly Guid JobId = Guid.CreateVersion7();
    private readonly Mock<IJobStore> _store = new(MockBehavior.Strict);
    private readonly Mock<IJobQueue> _queue = new(MockBehavior.Strict);

    private ProcessJobItemFunction Function()
    {
        var workflow = new HardMatchWorkflow(Mock.Of<IOnPremDirectory>(), Mock.Of<IEntraDirectory>(), new PolicyOptions { AllowedUpnDomains = ["*"], AllowedOrganizationalUnits = ["*"] });
        return new ProcessJobItemFunction(new JobProcessor(_store.Object, workflow, null, new JobOptions()), _queue.Object);
    }

    private static QueueMessage Message(string text, long dequeueCount = 1) =>
        QueuesModelFactory.QueueMessage("m1", "r1", text, dequeueCount);

    private static Job Job(JobState state) =>
        new(JobId, JobOperation.Set, false, AnchorSourcePreference.Auto, null, null, new AuditCaller("app", "oid", "app", true), new JobScope([], []), state, 1, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Run_NotAJobMessage_CompletesWithoutTouchingTheStore()
    {
        await Function().RunAsync(Message("hello"), CancellationToken.None);

        _store.VerifyNoOtherCalls();
        _queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Run_ItemClaimedByAnotherWorker_QueuesAFreshCopyAfterTheClaimAndCompletes()
    {
        _store.Setup(s => s.GetAsync(JobId, It.IsAny<CancellationToken>())).ReturnsAsync(Job(JobState.Running));
        _store.Setup(s => s.TryClaimItemAsync(JobId, 0, It.IsAny<Guid>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync((JobItem?)null);
        _store.Setup(s => s.GetItemAsync(JobId, 0, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new JobItem(JobId, 0, "a@contoso.com", Status: JobItemStatus.Running, ClaimedUntil: DateTimeOffset.UtcNow.AddSeconds(30)));
        IReadOnlyList<JobMessage>? sent = null;
        TimeSpan delay = default;
        _queue.Setup(q => q.EnqueueAsync(It.IsAny<IReadOnlyList<JobMessage>>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyList<JobMessage>, TimeSpan, CancellationToken>((m, d, _) => (sent, delay) = (m, d))
            .Returns(Task.CompletedTask);

        await Function().RunAsync(Message(new JobMessage(JobId, 0).ToString()), CancellationToken.None);

        Assert.Equal([new JobMessage(JobId, 0)], sent);
        Assert.InRange(delay, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(32));
    }

    [Fact]
    public async Task Run_CancelledJob_ItemCancelledAndMessageCompleted()
    {
        _store.Setup(s => s.GetAsync(JobId, It.IsAny<CancellationToken>())).ReturnsAsync(Job(JobState.Cancelled));
        _store.Setup(s => s.CompleteItemAsync(JobId, 3, It.Is<JobItemOutcome>(o => o.Status == JobItemStatus.Cancelled), It.IsAny<CancellationToken>())).ReturnsAsync(true);

        await Function().RunAsync(Message(new JobMessage(JobId, 3).ToString()), CancellationToken.None);

        _store.Verify(s => s.CompleteItemAsync(JobId, 3, It.IsAny<JobItemOutcome>(), It.IsAny<CancellationToken>()), Times.Once);
        _queue.VerifyNoOtherCalls();
    }
}
