using ImmutableId.Core.Anchors;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Api.ImmutableIds;

/// <summary>The answer of status, set and clear (and of their dry runs).</summary>
/// <param name="Operation">status, set or clear.</param>
/// <param name="Outcome">reported, planned, succeeded or noChange (refusals are problems).</param>
/// <param name="DryRun">True when nothing was written on purpose.</param>
/// <param name="User">The user as the caller named it.</param>
/// <param name="Target">The cloud user written (or that would be).</param>
/// <param name="OnPrem">The on-prem object, when exactly one matched.</param>
/// <param name="Cloud">The cloud user after the operation: after a succeeded set or clear its onPremisesImmutableId is the value written (see verified); otherwise as read.</param>
/// <param name="Anchor">The anchor written (set), or compared against (status).</param>
/// <param name="Before">onPremisesImmutableId before.</param>
/// <param name="After">onPremisesImmutableId after (dry run: what it would be).</param>
/// <param name="MatchState">notSet, matched, different or unknown, after the operation: a succeeded set answers matched, a succeeded clear notSet; a dry run, noChange or status the state as read (nothing was written). before holds the earlier value.</param>
/// <param name="Verified">After a write: whether a read-back showed the new value.</param>
/// <param name="GraphRequestId">Graph's request-id of the write.</param>
/// <param name="Warnings">Warnings (AnchorSourceMismatch, AlreadyMatched, NothingToClear).</param>
/// <param name="Blockers">Status only: what a set would be refused for.</param>
/// <param name="Checks">Every guardrail with its verdict.</param>
/// <param name="NextSteps">What to do now (e.g. the delta sync command).</param>
/// <param name="TenantHardMatchBlock">Whether the tenant blocks hard match: always "unknown" to an app-only identity.</param>
/// <param name="Ticket">The ticket reference recorded.</param>
/// <param name="Provisioning">Set with Sync:CloudSync configured: what Cloud Sync's provision on demand answered right after the write (success, or the step that failed with Entra's message); null when it did not run.</param>
/// <param name="Linked">Set with Sync:CloudSync configured: true when the cloud user read as synced (onPremisesSyncEnabled) after provisioning.</param>
public sealed record ImmutableIdResponse(
    HardMatchOperation Operation,
    HardMatchOutcome Outcome,
    bool DryRun,
    string User,
    ImmutableIdResponse.TargetView? Target,
    ImmutableIdResponse.OnPremView? OnPrem,
    ImmutableIdResponse.CloudView? Cloud,
    ImmutableIdResponse.AnchorView? Anchor,
    string? Before,
    string? After,
    MatchState MatchState,
    bool? Verified,
    string? GraphRequestId,
    IReadOnlyList<ImmutableIdResponse.CodeView> Warnings,
    IReadOnlyList<ImmutableIdResponse.CodeView> Blockers,
    IReadOnlyList<ImmutableIdResponse.CheckView> Checks,
    IReadOnlyList<string> NextSteps,
    string? TenantHardMatchBlock,
    string? Ticket,
    Sync.SyncResponse.ProvisioningView? Provisioning = null,
    bool? Linked = null)
{
    /// <summary>The delta sync command to run on the Entra Connect server after a change.</summary>
    public const string DeltaSyncCommand = "Start-ADSyncSyncCycle -PolicyType Delta";

    /// <summary>The cloud user an operation targets.</summary>
    public sealed record TargetView(string? UserPrincipalName, string? CloudObjectId);

    /// <summary>The on-prem object.</summary>
    /// <param name="DistinguishedName">The DN.</param>
    /// <param name="ObjectGuid">objectGUID.</param>
    /// <param name="ConsistencyGuid">mS-DS-ConsistencyGuid as a GUID, when set.</param>
    /// <param name="UserPrincipalName">userPrincipalName.</param>
    /// <param name="SamAccountName">sAMAccountName.</param>
    /// <param name="Enabled">False when the account is disabled.</param>
    /// <param name="AdminCount">adminCount.</param>
    /// <param name="Source">Where these facts came from: "agent" (the mirror the on-prem agent fills); null when read live from the DC or the LDIF snapshot.</param>
    /// <param name="AgentId">The agent that posted them (source agent).</param>
    /// <param name="ObservedAt">When the API received them from the agent: their age.</param>
    /// <param name="AgentLastSync">When that agent last synced (source agent).</param>
    /// <param name="Stale">Source agent: true when the agent has not synced within Agents:StaleAfter — status still answers on these facts, writes are refused (AgentStale).</param>
    public sealed record OnPremView(
        string DistinguishedName,
        Guid ObjectGuid,
        string? ConsistencyGuid,
        string? UserPrincipalName,
        string? SamAccountName,
        bool Enabled,
        int? AdminCount,
        string? Source = null,
        string? AgentId = null,
        DateTimeOffset? ObservedAt = null,
        DateTimeOffset? AgentLastSync = null,
        bool? Stale = null);

    /// <summary>The cloud user's sync-relevant properties.</summary>
    public sealed record CloudView(
        string Id,
        string UserPrincipalName,
        string? DisplayName,
        string? UserType,
        string? OnPremisesImmutableId,
        bool? OnPremisesSyncEnabled,
        string? OnPremisesObjectIdentifier);

    /// <summary>An anchor in its two useful forms.</summary>
    public sealed record AnchorView(string ImmutableId, string Guid, Core.OnPrem.AnchorSource? Source);

    /// <summary>A reason code and what it means here.</summary>
    public sealed record CodeView(string Code, string Detail);

    /// <summary>One guardrail's verdict.</summary>
    public sealed record CheckView(string Code, GuardrailVerdict Verdict, string Detail);

    /// <summary>The answer for <paramref name="result"/>.</summary>
    public static ImmutableIdResponse From(HardMatchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var onPrem = result.OnPremUser;
        var cloud = result.CloudUser;

        // The answer describes the state after the call: a flow that branches on matchState must not see the old state
        // next to outcome succeeded.
        var written = result.Outcome == HardMatchOutcome.Succeeded && result.Operation is HardMatchOperation.Set or HardMatchOperation.Clear;
        var cloudImmutableId = written ? result.After : cloud?.OnPremisesImmutableId;
        var matchState = !written ? result.MatchState : result.Operation == HardMatchOperation.Set ? MatchState.Matched : MatchState.NotSet;
        return new ImmutableIdResponse(
            result.Operation,
            result.Outcome,
            result.DryRun,
            result.User.ToString(),
            new TargetView(result.TargetUserPrincipalName, cloud?.Id),
            onPrem is null ? null : new OnPremView(
                onPrem.DistinguishedName,
                onPrem.ObjectGuid,
                onPrem.ConsistencyGuid?.ToGuidString(),
                onPrem.UserPrincipalName,
                onPrem.SamAccountName,
                onPrem.Enabled,
                onPrem.AdminCount,
                onPrem.Provenance?.Source,
                onPrem.Provenance?.AgentId,
                onPrem.Provenance?.ObservedAt,
                onPrem.Provenance?.AgentLastSync,
                onPrem.Provenance?.Stale),
            cloud is null ? null : new CloudView(
                cloud.Id,
                cloud.UserPrincipalName,
                cloud.DisplayName,
                cloud.UserType,
                cloudImmutableId,
                cloud.OnPremisesSyncEnabled,
                cloud.OnPremisesObjectIdentifier),
            result.Anchor is { } anchor ? new AnchorView(anchor.ToImmutableId(), anchor.ToGuidString(), result.AnchorSource) : null,
            result.Before,
            result.After,
            matchState,
            result.Verified,
            result.GraphRequestId,
            result.Warnings.Select(w => new CodeView(w.Code.ToString(), w.Detail)).ToArray(),
            result.Operation == HardMatchOperation.Status ? result.Blockers.Select(b => new CodeView(b.Code.ToString(), b.Detail)).ToArray() : [],
            result.Checks.Select(c => new CheckView(c.Code.ToString(), c.Verdict, c.Detail)).ToArray(),
            NextStepsFor(result),
            result.Operation == HardMatchOperation.Status
                ? "unknown: an app-only identity cannot read the tenant's blockCloudObjectTakeoverThroughHardMatchEnabled flag; a Global Administrator can (GET /directory/onPremisesSynchronization)."
                : null,
            result.Ticket);
    }

    /// <summary>
    /// The answer for a set followed by Cloud Sync provision on demand: the provisioning result, the cloud user's sync
    /// state as read after it, and the next steps for that result (instead of the Connect command).
    /// </summary>
    public static ImmutableIdResponse From(HardMatchResult result, Core.Sync.SyncOutcome provisioned)
    {
        ArgumentNullException.ThrowIfNull(provisioned);
        var answer = From(result);
        var after = provisioned.After?.CloudUser;
        return answer with
        {
            Cloud = answer.Cloud is { } cloud && after is not null && after.Id == cloud.Id
                ? cloud with { OnPremisesSyncEnabled = after.OnPremisesSyncEnabled, OnPremisesObjectIdentifier = after.OnPremisesObjectIdentifier }
                : answer.Cloud,
            Provisioning = Sync.SyncResponse.ProvisioningView.From(provisioned.Provisioning),
            Linked = provisioned.Linked,
            NextSteps = Sync.SyncResponse.NextStepsOf(result.User.ToString(), provisioned),
        };
    }

    private static IReadOnlyList<string> NextStepsFor(HardMatchResult result) => (result.Operation, result.Outcome) switch
    {
        (HardMatchOperation.Set, HardMatchOutcome.Succeeded) =>
        [
            $"Run a delta sync on the Entra Connect server: {DeltaSyncCommand} (use -PolicyType Initial if the delta fails). Cloud Sync picks the change up on its next cycle.",
            .. result.Verified == true ? Array.Empty<string>() : ["The read-back did not show the new value yet (Graph is eventually consistent): GET the status again in a minute before syncing."],
        ],
        (HardMatchOperation.Clear, HardMatchOutcome.Succeeded) =>
        [
            $"Run a delta sync on the Entra Connect server: {DeltaSyncCommand}. Without an immutable ID the next sync soft-matches (UPN/mail) or leaves the cloud user alone, per the tenant's settings.",
            .. result.Verified == true ? Array.Empty<string>() : ["The read-back still showed a value (Graph is eventually consistent): GET the status again in a minute."],
        ],
        (_, HardMatchOutcome.Planned) => ["Nothing was written. Send the same request without dryRun=true to write it."],
        (HardMatchOperation.Set, HardMatchOutcome.NoChange) => [$"Nothing to write. If the accounts are not linked yet, run a delta sync: {DeltaSyncCommand}."],
        (HardMatchOperation.Clear, HardMatchOutcome.NoChange) => ["Nothing to clear."],
        (HardMatchOperation.Status, _) when result.IsBlocked => ["A set would be refused: see blockers for what to do about each."],
        (HardMatchOperation.Status, _) when result.MatchState == MatchState.Matched => [$"Already matched. If the accounts are not linked yet, run a delta sync: {DeltaSyncCommand}."],
        (HardMatchOperation.Status, _) => ["PUT the same URL to hard-match (add ?dryRun=true to see the exact change first)."],
        _ => [],
    };
}
