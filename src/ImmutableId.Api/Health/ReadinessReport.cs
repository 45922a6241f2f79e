using ImmutableId.Core.Readiness;

namespace ImmutableId.Api.Health;

/// <summary>One probe round: every dependency's result and when the round ended.</summary>
public sealed record ReadinessReport(IReadOnlyList<KeyValuePair<string, ReadinessCheck>> Checks, DateTimeOffset CheckedAt)
{
    /// <summary>True when every dependency is ready.</summary>
    public bool Ready => Checks.All(c => c.Value.Ready);
}
