using ImmutableId.Core.Jobs;

namespace ImmutableId.Core.Tests.Jobs;

public sealed class WriteBudgetStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly JobOptions Options = new() { WritesPerWindow = 3000, WriteWindowSeconds = 150, WriteBurst = 3 };

    [Fact]
    public void TryTake_BurstThenOneWritePerFiftyMilliseconds_AtTwentyPerSecond()
    {
        var state = WriteBudgetState.Full(Options, Now);
        var grants = 0;
        TimeSpan wait;
        while (true)
        {
            (state, wait) = state.TryTake(Options, Now, WritePriority.Interactive);
            if (wait > TimeSpan.Zero)
            {
                break;
            }

            grants++;
        }

        Assert.Equal(3, grants);
        Assert.Equal(TimeSpan.FromMilliseconds(50), wait);
        var (later, laterWait) = state.TryTake(Options, Now.AddMilliseconds(50), WritePriority.Interactive);
        Assert.Equal(TimeSpan.Zero, laterWait);
        Assert.Equal(4, later.Granted);
    }

    [Fact]
    public void TryTake_Bulk_LeavesTheReserve_WaitsUntilItIsBackPlusOne()
    {
        var options = new JobOptions { WritesPerWindow = 3000, WriteWindowSeconds = 150, WriteBurst = 10, InteractiveReserve = 4 };
        var state = WriteBudgetState.Full(options, Now);
        var grants = 0;
        TimeSpan wait;
        while (true)
        {
            (state, wait) = state.TryTake(options, Now, WritePriority.Bulk);
            if (wait > TimeSpan.Zero)
            {
                break;
            }

            grants++;
        }

        // 10 tokens, 4 kept: 6 bulk writes, then bulk waits for one token above the reserve (50 ms at 20/s).
        Assert.Equal(6, grants);
        Assert.Equal(TimeSpan.FromMilliseconds(50), wait);
        (state, var interactiveWait) = state.TryTake(options, Now, WritePriority.Interactive);
        Assert.Equal(TimeSpan.Zero, interactiveWait);
        // The interactive write spent a reserve token: bulk now waits for the reserve to refill first (2 tokens, 100 ms).
        Assert.Equal(TimeSpan.FromMilliseconds(100), state.TryTake(options, Now, WritePriority.Bulk).Wait);
    }

    [Theory]
    [InlineData(40, null, 20, true)]
    [InlineData(5, null, 2, true)]
    [InlineData(10, 9, 9, true)]
    [InlineData(10, 10, 10, false)]
    [InlineData(1, null, 0, true)]
    public void Reserve_DefaultsToHalfTheBurst_MustStayBelowIt(int burst, int? reserve, int expected, bool valid)
    {
        var options = new JobOptions { WriteBurst = burst, InteractiveReserve = reserve };

        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var ok = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), errors, validateAllProperties: true);

        Assert.Equal(expected, options.Reserve);
        Assert.Equal(valid, ok);
        Assert.All(errors, e => Assert.Contains("Jobs:InteractiveReserve", e.ErrorMessage, StringComparison.Ordinal));
    }

    [Fact]
    public void Refill_NeverAboveTheBurst()
    {
        var state = new WriteBudgetState(0, Now, null, 0).Refill(Options, Now.AddHours(1));

        Assert.Equal(3, state.Tokens);
    }

    [Fact]
    public void HoldBulkUntil_BulkWaits_InteractiveTakesAtOnce_TheLaterHoldWins_ExpiredHoldIsDropped()
    {
        var state = WriteBudgetState.Full(Options, Now).HoldBulkUntil(Now.AddSeconds(4)).HoldBulkUntil(Now.AddSeconds(1));

        var (_, bulkWait) = state.TryTake(Options, Now, WritePriority.Bulk);
        var (taken, interactiveWait) = state.TryTake(Options, Now, WritePriority.Interactive);
        var (after, afterWait) = state.TryTake(Options, Now.AddSeconds(5), WritePriority.Bulk);

        Assert.Equal(TimeSpan.FromSeconds(4), bulkWait);
        Assert.Equal(TimeSpan.Zero, interactiveWait);
        Assert.Equal(2, taken.Tokens);
        Assert.Equal(TimeSpan.Zero, afterWait);
        Assert.Null(after.BulkHeldUntil);
    }

    [Theory]
    [InlineData(50, 0)]
    [InlineData(80, 0)]
    [InlineData(90, 2.5)]
    [InlineData(100, 5)]
    [InlineData(250, 5)]
    public void EaseFor_NothingUpTo80Percent_ThenLinearTo5SecondsAt100(double percentage, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), WriteBudgetState.EaseFor(percentage));

    [Fact]
    public void PauseUntil_EveryTakeWaitsForIt_TheLaterPauseWins()
    {
        var state = WriteBudgetState.Full(Options, Now).PauseUntil(Now.AddSeconds(30)).PauseUntil(Now.AddSeconds(10));

        var (_, wait) = state.TryTake(Options, Now);
        var (after, afterWait) = state.TryTake(Options, Now.AddSeconds(31));

        Assert.Equal(TimeSpan.FromSeconds(30), wait);
        Assert.Equal(TimeSpan.Zero, afterWait);
        Assert.Null(after.PausedUntil);
    }
}
