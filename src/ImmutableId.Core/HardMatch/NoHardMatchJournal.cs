namespace ImmutableId.Core.HardMatch;

/// <summary>The default journal: records nothing (until the audit log is plugged in).</summary>
public sealed class NoHardMatchJournal : IHardMatchJournal
{
    /// <summary>The shared instance.</summary>
    public static NoHardMatchJournal Instance { get; } = new();

    /// <inheritdoc />
    public Task RecordIntentAsync(HardMatchResult intent, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task RecordOutcomeAsync(HardMatchResult outcome, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
