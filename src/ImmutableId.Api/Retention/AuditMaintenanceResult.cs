using ImmutableId.Core.Audit;
using ImmutableId.Core.Housekeeping;

namespace ImmutableId.Api.Retention;

/// <summary>What one maintenance run did.</summary>
/// <param name="Deleted">Records deleted, per outcome.</param>
/// <param name="Reconciled">Abandoned intents resolved; null when the host has no Entra directory to read back from.</param>
/// <param name="Housekeeping">Expired idempotency keys and ended lease rows deleted.</param>
public sealed record AuditMaintenanceResult(IReadOnlyDictionary<AuditOutcome, int> Deleted, int? Reconciled, HousekeepingResult Housekeeping);
