namespace ImmutableId.EntraEmulator.Faults;

/// <summary>What to do to one request.</summary>
internal sealed record FaultPlan(TimeSpan Delay, bool Drop, int? ErrorStatus, int RetryAfterSeconds, bool DropAfterApply = false);
