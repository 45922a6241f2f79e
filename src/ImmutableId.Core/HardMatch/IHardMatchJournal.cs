namespace ImmutableId.Core.HardMatch;

/// <summary>
/// The one place the workflow announces a write: the audit log (and anything else that must see every write) plugs
/// in here. The default does nothing.
/// </summary>
public interface IHardMatchJournal
{
    /// <summary>
    /// Called once, just before the PATCH, with the complete plan (<see cref="HardMatchResult.After"/> is the value
    /// about to be written). Throwing prevents the write: record durably before returning.
    /// </summary>
    Task RecordIntentAsync(HardMatchResult intent, CancellationToken cancellationToken = default);

    /// <summary>Called once per set or clear (written, no change, dry run, refused or failed) with the final result.</summary>
    Task RecordOutcomeAsync(HardMatchResult outcome, CancellationToken cancellationToken = default);
}
