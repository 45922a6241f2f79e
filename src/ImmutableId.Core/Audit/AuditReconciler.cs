using ImmutableId.Core.Entra;

namespace ImmutableId.Core.Audit;

/// <summary>
/// Resolves intents whose outcome was never recorded (the process stopped between the durable intent and the
/// outcome) by reading the user back from Entra and comparing with the intended value. Intents younger than
/// <see cref="GracePeriod"/> are left alone: their request may still be running.
/// </summary>
public sealed class AuditReconciler(IAuditLog auditLog, IEntraDirectory entraDirectory, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;

    /// <summary>How old a pending intent must be before it is treated as abandoned (longer than any write holds its user lease).</summary>
    public static TimeSpan GracePeriod { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Resolves every abandoned intent (up to <paramref name="max"/>); answers how many were resolved.</summary>
    public async Task<int> ReconcilePendingAsync(int max = 500, CancellationToken cancellationToken = default)
    {
        var pending = await auditLog.ListPendingAsync(_clock.GetUtcNow() - GracePeriod, max, cancellationToken).ConfigureAwait(false);
        var resolved = 0;
        foreach (var intent in pending)
        {
            if (await ReconcileAsync(intent, cancellationToken).ConfigureAwait(false) is { Outcome: not AuditOutcome.Pending })
            {
                resolved++;
            }
        }

        return resolved;
    }

    /// <summary>
    /// Resolves one record when it is an abandoned intent, and answers the record as it now stands (unchanged when it
    /// is final, still running, or Entra cannot be read now).
    /// </summary>
    public async Task<AuditRecord> ReconcileAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Outcome != AuditOutcome.Pending || _clock.GetUtcNow() - record.Time < GracePeriod)
        {
            return record;
        }

        var key = record.Target.CloudObjectId ?? record.Target.UserPrincipalName;
        if (string.IsNullOrWhiteSpace(key))
        {
            return await CompleteAsync(record, record with
            {
                Outcome = AuditOutcome.Failed,
                Error = "Reconciliation: the intent names no cloud user, so the outcome cannot be determined; check Entra's audit log.",
            }, cancellationToken).ConfigureAwait(false);
        }

        CloudUser? user;
        try
        {
            user = await entraDirectory.GetUserAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (EntraDirectoryException)
        {
            // Entra is unavailable now; the next start-up or read tries again.
            return record;
        }

        AuditRecord resolved;
        if (user is null)
        {
            resolved = record with { Outcome = AuditOutcome.Failed, Verified = false, Error = "Reconciliation: the cloud user no longer exists." };
        }
        else if (record.Operation == AuditOperation.Sync)
        {
            // A provision on demand writes no immutable ID: whether it linked the accounts is what can be read back.
            resolved = user.IsSynced
                ? record with { Outcome = AuditOutcome.Succeeded, Verified = true }
                : record with
                {
                    Outcome = AuditOutcome.Failed,
                    Verified = false,
                    Error = "Reconciliation: the provisioning's answer was never recorded and the cloud user is not linked (onPremisesSyncEnabled is not true); request the sync again.",
                };
        }
        else if (string.Equals(user.OnPremisesImmutableId, record.After, StringComparison.Ordinal))
        {
            // The value is there; this operation wrote it only if no other operation on the same cloud user could have.
            var rival = await OtherWriterAsync(record, cancellationToken).ConfigureAwait(false);
            resolved = rival is null
                ? record with { Outcome = AuditOutcome.Succeeded, Verified = true }
                : record with
                {
                    Outcome = AuditOutcome.Indeterminate,
                    Verified = true,
                    Error = $"Reconciliation: Entra holds the intended value, but operation {rival.OperationId} ({rival.Outcome.ToString().ToLowerInvariant()}, started {rival.Time:u}) wrote or may have written the same value to this user; which of the two PATCHes applied it cannot be told.",
                };
        }
        else
        {
            resolved = record with
            {
                Outcome = AuditOutcome.Failed,
                Verified = false,
                Error = string.Equals(user.OnPremisesImmutableId, record.Before, StringComparison.Ordinal)
                    ? "Reconciliation: the write was not applied (Entra still holds the value from before)."
                    : $"Reconciliation: Entra holds '{user.OnPremisesImmutableId ?? "(none)"}', neither the value before nor the intended one; someone else changed it.",
            };
        }

        return await CompleteAsync(record, resolved, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Another write record on the same cloud user, with the same intended value, that could have applied it: from a
    /// little before this intent (eventual consistency) until now.
    /// </summary>
    private async Task<AuditRecord?> OtherWriterAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var upn = record.Target.UserPrincipalName;
        if (string.IsNullOrWhiteSpace(upn))
        {
            return null;
        }

        string? token = null;
        do
        {
            var page = await auditLog.QueryAsync(
                new AuditQuery(upn, From: record.Time - RivalWindow, PageSize: AuditQuery.MaxPageSize, ContinuationToken: token),
                cancellationToken).ConfigureAwait(false);
            var rival = page.Records.FirstOrDefault(r =>
                r.OperationId != record.OperationId &&
                !r.DryRun &&
                r.Operation == record.Operation &&
                (record.Target.CloudObjectId is null || r.Target.CloudObjectId is null || string.Equals(r.Target.CloudObjectId, record.Target.CloudObjectId, StringComparison.OrdinalIgnoreCase)) &&
                string.Equals(r.After, record.After, StringComparison.Ordinal) &&
                r.Outcome is AuditOutcome.Succeeded or AuditOutcome.Pending or AuditOutcome.Indeterminate or AuditOutcome.Failed);
            if (rival is not null)
            {
                return rival;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
        return null;
    }

    /// <summary>How far before an intent another write is still a candidate for having applied its value.</summary>
    public static TimeSpan RivalWindow { get; } = TimeSpan.FromMinutes(5);

    private async Task<AuditRecord> CompleteAsync(AuditRecord original, AuditRecord resolved, CancellationToken cancellationToken)
    {
        var final = resolved with { Reconciled = true, CompletedAt = _clock.GetUtcNow() };
        if (await auditLog.WriteOutcomeAsync(final, cancellationToken).ConfigureAwait(false))
        {
            return final;
        }

        // The request's own outcome (or another reconciler) got there first: that record stands.
        return await auditLog.GetAsync(original.OperationId, cancellationToken).ConfigureAwait(false) ?? original;
    }
}
