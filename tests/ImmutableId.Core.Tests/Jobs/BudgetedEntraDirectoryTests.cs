using ImmutableId.Core.Entra;
using ImmutableId.Core.Jobs;
using Moq;

namespace ImmutableId.Core.Tests.Jobs;

/// <summary>Interactive writes take from the shared budget with a bounded wait; bulk writes wait as long as it says.</summary>
public sealed class BudgetedEntraDirectoryTests
{
    private readonly Mock<IEntraDirectory> _inner = new();
    private readonly Mock<IWriteBudget> _budget = new();

    public BudgetedEntraDirectoryTests()
    {
        _inner.Setup(e => e.SetImmutableIdAsync("u1", "v", It.IsAny<CancellationToken>())).ReturnsAsync(new EntraWriteResult(EntraWriteStatus.Succeeded, "req-1"));
    }

    [Fact]
    public async Task SetImmutableIdAsync_InteractiveBudgetBusyBeyondTheWait_ThrottledWithRetryAfter_NothingSentToGraph()
    {
        _budget.Setup(b => b.TryTakeAsync(WritePriority.Interactive, It.IsAny<CancellationToken>())).ReturnsAsync(TimeSpan.FromSeconds(30));
        var directory = new BudgetedEntraDirectory(_inner.Object, _budget.Object, TimeProvider.System, WritePriority.Interactive, TimeSpan.FromSeconds(2));

        var result = await directory.SetImmutableIdAsync("u1", "v");

        Assert.Equal(EntraWriteStatus.Throttled, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), result.RetryAfter);
        Assert.Null(result.RequestId);
        Assert.Contains("write budget", result.Message, StringComparison.Ordinal);
        _inner.Verify(e => e.SetImmutableIdAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
        _budget.Verify(b => b.TryTakeAsync(WritePriority.Bulk, It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task SetImmutableIdAsync_InteractiveGrantDueWithinTheWait_WaitsAndWrites()
    {
        _budget.SetupSequence(b => b.TryTakeAsync(WritePriority.Interactive, It.IsAny<CancellationToken>()))
            .ReturnsAsync(TimeSpan.FromMilliseconds(10))
            .ReturnsAsync(TimeSpan.Zero);
        var directory = new BudgetedEntraDirectory(_inner.Object, _budget.Object, TimeProvider.System, WritePriority.Interactive, TimeSpan.FromSeconds(2));

        var result = await directory.SetImmutableIdAsync("u1", "v");

        Assert.Equal(EntraWriteStatus.Succeeded, result.Status);
        _budget.Verify(b => b.TryTakeAsync(WritePriority.Interactive, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Theory]
    [InlineData(WritePriority.Bulk)]
    [InlineData(WritePriority.Interactive)]
    public async Task SetImmutableIdAsync_GraphReportsTheAppNearItsLimit_HoldsBulkWritesForTheEase(WritePriority priority)
    {
        _budget.Setup(b => b.TryTakeAsync(priority, It.IsAny<CancellationToken>())).ReturnsAsync(TimeSpan.Zero);
        _inner.Setup(e => e.SetImmutableIdAsync("u1", "v", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EntraWriteResult(EntraWriteStatus.Succeeded, "req-3", ThrottleLimitPercentage: 96));
        var before = DateTimeOffset.UtcNow;
        var directory = new BudgetedEntraDirectory(_inner.Object, _budget.Object, TimeProvider.System, priority, TimeSpan.FromSeconds(1));

        var result = await directory.SetImmutableIdAsync("u1", "v");

        Assert.Equal(EntraWriteStatus.Succeeded, result.Status);
        _budget.Verify(b => b.HoldBulkUntilAsync(It.Is<DateTimeOffset>(u => u >= before.AddSeconds(4) && u <= DateTimeOffset.UtcNow.AddSeconds(4)), It.IsAny<CancellationToken>()), Times.Once);
        _budget.Verify(b => b.PauseUntilAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task SetImmutableIdAsync_NoOrLowLimitPercentage_NoHold()
    {
        _budget.Setup(b => b.TryTakeAsync(WritePriority.Bulk, It.IsAny<CancellationToken>())).ReturnsAsync(TimeSpan.Zero);
        var directory = new BudgetedEntraDirectory(_inner.Object, _budget.Object, TimeProvider.System);

        await directory.SetImmutableIdAsync("u1", "v");
        _inner.Setup(e => e.SetImmutableIdAsync("u1", "v", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EntraWriteResult(EntraWriteStatus.Succeeded, "req-4", ThrottleLimitPercentage: 80));
        await directory.SetImmutableIdAsync("u1", "v");

        _budget.Verify(b => b.HoldBulkUntilAsync(It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task SetImmutableIdAsync_GraphThrottles_PausesEveryWriterForItsRetryAfter()
    {
        _budget.Setup(b => b.TryTakeAsync(WritePriority.Interactive, It.IsAny<CancellationToken>())).ReturnsAsync(TimeSpan.Zero);
        _inner.Setup(e => e.SetImmutableIdAsync("u1", "v", It.IsAny<CancellationToken>())).ReturnsAsync(new EntraWriteResult(EntraWriteStatus.Throttled, "req-2", RetryAfter: TimeSpan.FromSeconds(40)));
        var before = DateTimeOffset.UtcNow;
        var directory = new BudgetedEntraDirectory(_inner.Object, _budget.Object, TimeProvider.System, WritePriority.Interactive, TimeSpan.Zero);

        var result = await directory.SetImmutableIdAsync("u1", "v");

        Assert.Equal(EntraWriteStatus.Throttled, result.Status);
        _budget.Verify(b => b.PauseUntilAsync(It.Is<DateTimeOffset>(u => u >= before.AddSeconds(40)), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SetImmutableIdAsync_Bulk_AsksAsBulkUntilGranted()
    {
        _budget.SetupSequence(b => b.TryTakeAsync(WritePriority.Bulk, It.IsAny<CancellationToken>()))
            .ReturnsAsync(TimeSpan.FromMilliseconds(5))
            .ReturnsAsync(TimeSpan.FromMilliseconds(5))
            .ReturnsAsync(TimeSpan.Zero);
        var directory = new BudgetedEntraDirectory(_inner.Object, _budget.Object, TimeProvider.System);

        var result = await directory.SetImmutableIdAsync("u1", "v");

        Assert.Equal(EntraWriteStatus.Succeeded, result.Status);
        _budget.Verify(b => b.TryTakeAsync(WritePriority.Bulk, It.IsAny<CancellationToken>()), Times.Exactly(3));
        _budget.Verify(b => b.TryTakeAsync(WritePriority.Interactive, It.IsAny<CancellationToken>()), Times.Never);
    }
}
