using ImmutableId.Core.HardMatch;

namespace ImmutableId.Core.Sync;

/// <summary>
/// Closes the loop after a hard match: provisions the AD object through Cloud Sync (when configured) and reads the
/// user back; without Cloud Sync it answers the exact command to run on the Entra Connect server. Reads and the
/// provisioning only — it never writes onPremisesImmutableId.
/// </summary>
public sealed class CloudSyncService(ICloudSyncProvisioner provisioner, HardMatchWorkflow workflow)
{
    /// <summary>The delta sync command for Entra Connect.</summary>
    public const string DeltaSyncCommand = "Start-ADSyncSyncCycle -PolicyType Delta";

    /// <summary>True when provision on demand is configured.</summary>
    public bool IsConfigured => provisioner.IsConfigured;

    /// <summary>
    /// The after-set hook: when <paramref name="set"/> succeeded (a real write, not a dry run) and resolved an AD object,
    /// provisions it and reads the user back; otherwise answers null (nothing to do).
    /// </summary>
    public async Task<SyncOutcome?> AfterSetAsync(HardMatchResult set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Operation != HardMatchOperation.Set || set.Outcome is not (HardMatchOutcome.Succeeded or HardMatchOutcome.NoChange) || set.DryRun ||
            set.OnPremUser is not { } onPrem)
        {
            return null;
        }

        return await ProvisionAsync(set.User, onPrem.DistinguishedName, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /api/users/{user}/immutable-id/sync</c>: reads the user's status, provisions its AD object, and reads
    /// the user back. The caller decides beforehand (from <see cref="SyncOutcome.Before"/>) whether a blocker forbids it;
    /// see <see cref="TakeoverBlockers"/>.
    /// </summary>
    public async Task<SyncOutcome> SyncAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var before = await workflow.StatusAsync(user, cancellationToken).ConfigureAwait(false);
        return await ProvisionAfterStatusAsync(before, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The blockers that forbid provisioning too: sync links accounts by soft match as well, so an out-of-scope,
    /// protected or privileged target must not be provisioned by this API either.
    /// </summary>
    public static IReadOnlyList<GuardrailCheck> TakeoverBlockers(HardMatchResult status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.Blockers.Where(b => b.Code is GuardrailCode.OutOfScope or GuardrailCode.ProtectedOnPremAccount or GuardrailCode.PrivilegedTarget or GuardrailCode.GuestUser).ToList();
    }

    /// <summary>Reads the status only (for the caller's blocker decision before <see cref="ProvisionAfterStatusAsync"/>).</summary>
    public Task<HardMatchResult> StatusAsync(UserKey user, CancellationToken cancellationToken = default) => workflow.StatusAsync(user, cancellationToken);

    /// <summary>Reads the status as <paramref name="context"/>'s caller may see it (its scope checked on the resolved user).</summary>
    public Task<HardMatchResult> StatusAsync(UserKey user, OperationContext context, CancellationToken cancellationToken = default) =>
        workflow.StatusAsync(user, context, cancellationToken);

    /// <summary>Provisions the AD object <paramref name="before"/> resolved and reads the user back.</summary>
    public async Task<SyncOutcome> ProvisionAfterStatusAsync(HardMatchResult before, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(before);
        if (before.OnPremUser is not { } onPrem)
        {
            return new SyncOutcome(
                new ProvisioningResult(ProvisioningOutcome.Failed, null, "OnPremUserNotFound", "The AD object was not resolved, so there is nothing to provision.", null, []),
                before, null, ["Check the user exists in AD under OnPrem:BaseDns (read the user's status)."]);
        }

        return await ProvisionAsync(before.User, onPrem.DistinguishedName, before, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SyncOutcome> ProvisionAsync(UserKey user, string distinguishedName, HardMatchResult? before, CancellationToken cancellationToken)
    {
        if (!provisioner.IsConfigured)
        {
            return new SyncOutcome(ProvisioningResult.NotConfigured(distinguishedName), before, null,
            [
                $"Cloud Sync provision on demand is not configured (Sync:CloudSync). On the Entra Connect server run: {DeltaSyncCommand} (use -PolicyType Initial if the delta fails).",
                "Then read the user's status: the cloud user shows onPremisesSyncEnabled true once sync has linked it.",
            ]);
        }

        var result = await provisioner.ProvisionAsync(distinguishedName, cancellationToken).ConfigureAwait(false);
        var after = result.Outcome is ProvisioningOutcome.Succeeded or ProvisioningOutcome.Skipped or ProvisioningOutcome.Failed
            ? await workflow.StatusAsync(user, cancellationToken).ConfigureAwait(false)
            : null;
        IReadOnlyList<string> next = result.Outcome switch
        {
            ProvisioningOutcome.Succeeded or ProvisioningOutcome.Skipped when after?.CloudUser?.IsSynced == true => ["Linked: the cloud user is now synced from the AD object."],
            ProvisioningOutcome.Succeeded or ProvisioningOutcome.Skipped => ["Provisioning succeeded but the cloud user does not read as synced yet (Graph is eventually consistent): read the user's status again in a minute."],
            ProvisioningOutcome.Failed => [$"Entra's provisioning failed at {result.FailedStep ?? "a step"}: {result.Message} — a diagnosis of this message explains the cause for this user and the fix."],
            ProvisioningOutcome.Refused => ["The API's identity may not run provision on demand: grant it Synchronization.ReadWrite.All (infra/scripts/grant-graph-permissions.ps1 with -CloudSync)."],
            _ => ["Provision on demand was unavailable: retry later, or run a delta sync on the Entra Connect server (" + DeltaSyncCommand + ")."],
        };
        return new SyncOutcome(result, before, after, next);
    }
}
