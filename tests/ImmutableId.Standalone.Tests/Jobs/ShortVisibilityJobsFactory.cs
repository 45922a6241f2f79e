namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// <see cref="JobsFactory"/> with the shortest visibility timeout the options allow (5 s): a message and a claim are
/// renewed every 1.7 s while their item runs, and would lapse 5 s after the last renewal.
/// </summary>
public sealed class ShortVisibilityJobsFactory : JobsFactory
{
    public const int VisibilityTimeoutSeconds = 5;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(HostSettings)
    {
        ["Jobs:VisibilityTimeoutSeconds"] = VisibilityTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
