namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// <see cref="JobsFactory"/> with a write budget small enough to saturate by hand: a burst of 3, one write per 20 s,
/// the interactive reserve at its default (half the burst: 1) and no interactive wait — so a job holds the budget down
/// to the reserve within its first two writes, and whether an interactive write finds a token is known in advance.
/// </summary>
public sealed class ReserveJobsFactory : JobsFactory
{
    public const int Burst = 3;
    public const double WindowSeconds = 20;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(HostSettings)
    {
        ["Jobs:WritesPerWindow"] = "1",
        ["Jobs:WriteWindowSeconds"] = WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Jobs:WriteBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Jobs:InteractiveWaitSeconds"] = "0",
    };
}
