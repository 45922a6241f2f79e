using ImmutableId.Core.Audit;

namespace ImmutableId.Api.Retention;

/// <summary>What one maintenance run did.</summary>
/// <param name="Deleted">Records deleted, per outcome.</param>
/// <param name="Reconciled">Abandoned intents resolved; null when the host has no Entra directory to read back from.</param>
public sealed record AuditMaintenanceResult(IReadOnlyDictionary<AuditOutcome, int> Deleted, int? Reconciled);
