using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Sync;

namespace ImmutableId.Api.Sync;

/// <summary>
/// The after-set hook (Sync:CloudSync configured): once a set has written the value (or found it already there), asks
/// Cloud Sync to provision the AD object now and records Entra's answer on the set's own audit record — pending before
/// Graph is called, then how it ended — so the record never shows a provisioning that was not recorded first.
/// </summary>
public sealed class SetProvisioning(CloudSyncService sync, IAuditLog auditLog, TimeProvider time)
{
    /// <summary>True when provision on demand runs after a set.</summary>
    public bool IsConfigured => sync.IsConfigured;

    /// <summary>
    /// Provisions <paramref name="set"/>'s AD object when the set wrote (or already held) the value; answers null when
    /// there is nothing to do (not configured, dry run, refused, failed).
    /// </summary>
    public async Task<SyncOutcome?> AfterSetAsync(HardMatchResult set, Guid operationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!sync.IsConfigured || set.Operation != HardMatchOperation.Set || set.DryRun ||
            set.Outcome is not (HardMatchOutcome.Succeeded or HardMatchOutcome.NoChange) || set.OnPremUser is not { } onPrem)
        {
            return null;
        }

        // Durable before Graph is called; from here the call and its record run to the end whatever the client does.
        await auditLog.RecordProvisioningAsync(operationId,
            new AuditProvisioning(AuditOutcome.Pending, onPrem.DistinguishedName, null, null, null, null, null, time.GetUtcNow()),
            CancellationToken.None).ConfigureAwait(false);
        var outcome = await sync.AfterSetAsync(set, CancellationToken.None).ConfigureAwait(false);
        if (outcome is null)
        {
            return null;
        }

        await auditLog.RecordProvisioningAsync(operationId, Record(outcome, time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>How <paramref name="outcome"/> is recorded.</summary>
    public static AuditProvisioning Record(SyncOutcome outcome, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var p = outcome.Provisioning;
        return new AuditProvisioning(
            AuditOutcomeOf(p.Outcome),
            p.DistinguishedName,
            System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Outcome.ToString()),
            p.FailedStep,
            p.Outcome is ProvisioningOutcome.Succeeded or ProvisioningOutcome.Skipped ? null : p.ErrorCode is null ? p.Message : $"{p.ErrorCode}: {p.Message}",
            outcome.After is null ? null : outcome.Linked,
            p.RequestId,
            recordedAt);
    }

    /// <summary>How a provisioning result maps onto the audit's outcomes.</summary>
    public static AuditOutcome AuditOutcomeOf(ProvisioningOutcome outcome) => outcome switch
    {
        ProvisioningOutcome.Succeeded => AuditOutcome.Succeeded,
        ProvisioningOutcome.Skipped => AuditOutcome.NoChange,
        _ => AuditOutcome.Failed,
    };
}
