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
            (state, wait) = state.TryTake(Options, Now);
            if (wait > TimeSpan.Zero)
            {
                break;
            }

            grants++;
        }

        Assert.Equal(3, grants);
        Assert.Equal(TimeSpan.FromMilliseconds(50), wait);
        var (later, laterWait) = state.TryTake(Options, Now.AddMilliseconds(50));
        Assert.Equal(TimeSpan.Zero, laterWait);
        Assert.Equal(4, later.Granted);
    }

    [Fact]
    public void Refill_NeverAboveTheBurst()
    {
        var state = new WriteBudgetState(0, Now, null, 0).Refill(Options, Now.AddHours(1));

        Assert.Equal(3, state.Tokens);
    }

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
