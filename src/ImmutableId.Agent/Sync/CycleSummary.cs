namespace ImmutableId.Agent.Sync;

/// <summary>What one cycle did.</summary>
/// <param name="Full">True for a full pass, false for a delta.</param>
/// <param name="Entries">Entries posted.</param>
/// <param name="Batches">Batches the API applied.</param>
/// <param name="HighWaterMark">The high-water mark saved.</param>
/// <param name="Sequence">The last accepted sequence.</param>
internal sealed record CycleSummary(bool Full, int Entries, int Batches, long HighWaterMark, long Sequence);
