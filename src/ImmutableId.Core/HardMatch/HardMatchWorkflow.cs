using ImmutableId.Core.Anchors;
using ImmutableId.Core.Entra;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.Core.HardMatch;

/// <summary>
/// The hard-match workflow: status, plan (dry run), set and clear of one user's onPremisesImmutableId.
/// Resolve the on-prem object, read the cloud side in one preflight, run every guardrail, and only then write
/// (announced to <see cref="IHardMatchJournal"/>), verify by read-back, and answer everything that happened.
/// </summary>
/// <remarks>Expected outcomes (not found, refused, throttled) are values in <see cref="HardMatchResult"/>; nothing throws for them.</remarks>
public sealed class HardMatchWorkflow
{
    private readonly IOnPremDirectory _onPrem;
    private readonly IEntraDirectory _entra;
    private readonly PolicyOptions _options;
    private readonly HardMatchPolicy _policy;
    private readonly IHardMatchJournal _journal;
    private readonly TimeProvider _time;

    /// <summary>Creates the workflow over the two directories.</summary>
    public HardMatchWorkflow(
        IOnPremDirectory onPrem,
        IEntraDirectory entra,
        PolicyOptions options,
        IHardMatchJournal? journal = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(onPrem);
        ArgumentNullException.ThrowIfNull(entra);
        ArgumentNullException.ThrowIfNull(options);
        _onPrem = onPrem;
        _entra = entra;
        _options = options;
        _policy = new HardMatchPolicy(options);
        _journal = journal ?? NoHardMatchJournal.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Both sides of one user, the match state and every guardrail a set (source auto, no replace) would hit.</summary>
    public async Task<HardMatchResult> StatusAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var request = new SetImmutableIdRequest(user);
        var (facts, failure) = await ReadFactsAsync(user, request.Source, needOnPrem: true, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure with { Operation = HardMatchOperation.Status };
        }

        return Describe(HardMatchOperation.Status, facts!, _policy.EvaluateSet(facts!, request), request.DryRun, null, null) with
        {
            Outcome = HardMatchOutcome.Reported,
            After = facts!.CloudUser?.OnPremisesImmutableId,
        };
    }

    /// <summary>A dry run of <see cref="SetAsync"/>: every check, the exact change, no write.</summary>
    public Task<HardMatchResult> PlanAsync(SetImmutableIdRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SetAsync(request with { DryRun = true }, cancellationToken);
    }

    /// <summary>Hard match: writes the anchor as onPremisesImmutableId when every guardrail passes, then verifies it.</summary>
    public async Task<HardMatchResult> SetAsync(SetImmutableIdRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (facts, failure) = await ReadFactsAsync(request.User, request.Source, needOnPrem: true, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return await FinishAsync(failure with { Operation = HardMatchOperation.Set, DryRun = request.DryRun, Ticket = request.Ticket, Reason = request.Reason }, cancellationToken).ConfigureAwait(false);
        }

        var plan = Describe(HardMatchOperation.Set, facts!, _policy.EvaluateSet(facts!, request), request.DryRun, request.Ticket, request.Reason);
        if (plan.IsBlocked)
        {
            return await FinishAsync(plan with { Outcome = HardMatchOutcome.Refused }, cancellationToken).ConfigureAwait(false);
        }

        if (facts!.MatchState == MatchState.Matched)
        {
            return await FinishAsync(plan with { Outcome = HardMatchOutcome.NoChange, After = plan.Before, Verified = true }, cancellationToken).ConfigureAwait(false);
        }

        var value = facts.Anchor!.Value.ToImmutableId();
        plan = plan with { After = value };
        if (request.DryRun)
        {
            return await FinishAsync(plan with { Outcome = HardMatchOutcome.Planned }, cancellationToken).ConfigureAwait(false);
        }

        return await WriteAsync(plan, value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Clears onPremisesImmutableId (an explicit JSON null) when the guardrails allow it, then verifies it is gone.</summary>
    public async Task<HardMatchResult> ClearAsync(ClearImmutableIdRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (facts, failure) = await ReadFactsAsync(request.User, AnchorSourcePreference.Auto, needOnPrem: request.User.IsObjectGuid, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return await FinishAsync(failure with { Operation = HardMatchOperation.Clear, DryRun = request.DryRun, Ticket = request.Ticket, Reason = request.Reason }, cancellationToken).ConfigureAwait(false);
        }

        var plan = Describe(HardMatchOperation.Clear, facts!, _policy.EvaluateClear(facts!), request.DryRun, request.Ticket, request.Reason);
        if (plan.IsBlocked)
        {
            return await FinishAsync(plan with { Outcome = HardMatchOutcome.Refused }, cancellationToken).ConfigureAwait(false);
        }

        if (string.IsNullOrEmpty(plan.Before))
        {
            return await FinishAsync(plan with { Outcome = HardMatchOutcome.NoChange, After = null, Verified = true }, cancellationToken).ConfigureAwait(false);
        }

        plan = plan with { After = null };
        if (request.DryRun)
        {
            return await FinishAsync(plan with { Outcome = HardMatchOutcome.Planned }, cancellationToken).ConfigureAwait(false);
        }

        return await WriteAsync(plan, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(HardMatchFacts? Facts, HardMatchResult? Failure)> ReadFactsAsync(
        UserKey user,
        AnchorSourcePreference source,
        bool needOnPrem,
        CancellationToken cancellationToken)
    {
        OnPremLookup? lookup = null;
        if (needOnPrem)
        {
            try
            {
                lookup = user.IsObjectGuid
                    ? await _onPrem.FindByObjectGuidAsync(user.ObjectGuid.Value, cancellationToken).ConfigureAwait(false)
                    : await _onPrem.FindByUserPrincipalNameAsync(user.UserPrincipalName, cancellationToken).ConfigureAwait(false);
            }
            catch (OnPremDirectoryException ex)
            {
                return (null, UpstreamFailure(user, OnPremCheck(ex), null));
            }
        }

        var onPremUser = lookup?.User;
        var upn = user.IsObjectGuid ? onPremUser?.UserPrincipalName : user.UserPrincipalName;
        var (anchor, anchorSource) = onPremUser is null ? (null, null) : ChooseAnchor(onPremUser, source);

        CloudPreflight? preflight = null;
        if (upn is not null)
        {
            try
            {
                preflight = await _entra.GetPreflightAsync(upn, anchor?.ToImmutableId(), cancellationToken).ConfigureAwait(false);
            }
            catch (EntraDirectoryException ex)
            {
                return (null, UpstreamFailure(user, EntraCheck(ex), ex.RetryAfter) with { OnPremUser = onPremUser, TargetUserPrincipalName = upn });
            }
        }

        return (new HardMatchFacts(user, lookup, upn, preflight, anchor, anchorSource), null);
    }

    private static (SourceAnchor?, AnchorSource?) ChooseAnchor(OnPremUser user, AnchorSourcePreference source) => source switch
    {
        AnchorSourcePreference.ObjectGuid => (SourceAnchor.FromGuid(user.ObjectGuid), OnPrem.AnchorSource.ObjectGuid),
        AnchorSourcePreference.ConsistencyGuid when user.ConsistencyGuid is null => (null, null),
        AnchorSourcePreference.ConsistencyGuid => (user.ConsistencyGuid, OnPrem.AnchorSource.ConsistencyGuid),
        _ => (user.Anchor, user.AnchorSource),
    };

    private static HardMatchResult Describe(
        HardMatchOperation operation,
        HardMatchFacts facts,
        IReadOnlyList<GuardrailCheck> checks,
        bool dryRun,
        string? ticket,
        string? reason) => new()
        {
            Operation = operation,
            Outcome = HardMatchOutcome.Reported,
            User = facts.User,
            DryRun = dryRun,
            Ticket = ticket,
            Reason = reason,
            TargetUserPrincipalName = facts.CloudUser?.UserPrincipalName ?? facts.TargetUserPrincipalName,
            OnPremUser = facts.OnPrem?.User,
            OnPremMatches = facts.OnPrem?.Matches ?? [],
            CloudUser = facts.CloudUser,
            Roles = facts.Preflight?.Roles ?? [],
            Anchor = facts.Anchor,
            AnchorSource = facts.AnchorSource,
            Before = facts.CloudUser?.OnPremisesImmutableId,
            After = facts.CloudUser?.OnPremisesImmutableId,
            MatchState = facts.MatchState,
            Checks = checks,
        };

    private async Task<HardMatchResult> WriteAsync(HardMatchResult plan, string? value, CancellationToken cancellationToken)
    {
        var userId = plan.CloudUser!.Id;
        await _journal.RecordIntentAsync(plan, cancellationToken).ConfigureAwait(false);

        EntraWriteResult write;
        try
        {
            write = await _entra.SetImmutableIdAsync(userId, value, cancellationToken).ConfigureAwait(false);
        }
        catch (EntraDirectoryException ex)
        {
            write = new EntraWriteResult(
                ex.Failure == EntraFailure.Throttled ? EntraWriteStatus.Throttled : ex.Failure == EntraFailure.Forbidden ? EntraWriteStatus.Forbidden : EntraWriteStatus.Unavailable,
                Message: ex.Message,
                RetryAfter: ex.RetryAfter);
        }

        var written = plan with { WriteAttempted = true, GraphRequestId = write.RequestId };
        if (!write.Succeeded)
        {
            var (check, outcome) = WriteRefusal(write);
            var failed = written with
            {
                Outcome = outcome,
                After = plan.Before,
                Checks = [.. plan.Checks, check],
                RetryAfter = write.RetryAfter,
            };
            return await FinishAsync(failed, cancellationToken).ConfigureAwait(false);
        }

        var verified = await VerifyAsync(userId, value, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(written with { Outcome = HardMatchOutcome.Succeeded, After = value, Verified = verified }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> VerifyAsync(string userId, string? expected, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(_options.VerifyDelayMilliseconds);
        for (var attempt = 0; attempt < _options.VerifyAttempts; attempt++)
        {
            if (attempt > 0 && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var user = await _entra.GetUserAsync(userId, cancellationToken).ConfigureAwait(false);
                var actual = string.IsNullOrEmpty(user?.OnPremisesImmutableId) ? null : user.OnPremisesImmutableId;
                if (user is not null && string.Equals(actual, expected, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (EntraDirectoryException)
            {
                // A failed read-back says nothing about the write: try again, then report verified=false.
            }
        }

        return false;
    }

    private async Task<HardMatchResult> FinishAsync(HardMatchResult result, CancellationToken cancellationToken)
    {
        await _journal.RecordOutcomeAsync(result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static (GuardrailCheck Check, HardMatchOutcome Outcome) WriteRefusal(EntraWriteResult write)
    {
        var said = string.IsNullOrWhiteSpace(write.Message) ? string.Empty : $" Graph said: {write.Message}";
        return write.Status switch
        {
            EntraWriteStatus.UserNotFound => (GuardrailCheck.Block(GuardrailCode.CloudUserNotFound, "The cloud user was deleted between the checks and the write." + said), HardMatchOutcome.Refused),
            EntraWriteStatus.AnchorInUse => (GuardrailCheck.Block(GuardrailCode.AnchorInUse, $"Graph refused the write: another object already holds this immutable ID{(write.ConflictingObjectId is { } id ? $" ({id})" : string.Empty)}. Clear the other user's immutable ID first if it is the wrong one." + said), HardMatchOutcome.Refused),
            EntraWriteStatus.SyncedUser => (GuardrailCheck.Block(GuardrailCode.CloudUserSynced, "Graph refused the write: the user is mastered on-premises (directory-synced)." + said), HardMatchOutcome.Refused),
            EntraWriteStatus.FederatedDomain => (GuardrailCheck.Block(GuardrailCode.FederatedDomain, "Graph refused the write: the UPN's domain is federated. Move the UPN to the *.onmicrosoft.com domain, set the value, move it back." + said), HardMatchOutcome.Refused),
            EntraWriteStatus.Forbidden => (GuardrailCheck.Block(GuardrailCode.PrivilegedTarget, "Graph refused the write with 403: the user's sensitive properties are protected (the user holds a privileged role), or the API's identity lacks User.ReadWrite.All." + said), HardMatchOutcome.Refused),
            EntraWriteStatus.Throttled => (GuardrailCheck.Block(GuardrailCode.Throttled, "Graph kept throttling the write beyond the retry budget; nothing was written. Try again after Retry-After."), HardMatchOutcome.Failed),
            EntraWriteStatus.Unavailable => (GuardrailCheck.Block(GuardrailCode.UpstreamUnavailable, "Graph was unavailable for the write beyond the retry budget. Read the status before trying again: the write may or may not have been applied."), HardMatchOutcome.Failed),
            _ => (GuardrailCheck.Block(GuardrailCode.UpstreamError, "Graph refused the value." + said), HardMatchOutcome.Failed),
        };
    }

    private static HardMatchResult UpstreamFailure(UserKey user, GuardrailCheck check, TimeSpan? retryAfter) => new()
    {
        Operation = HardMatchOperation.Status,
        Outcome = HardMatchOutcome.Failed,
        User = user,
        Checks = [check],
        RetryAfter = retryAfter,
    };

    private static GuardrailCheck OnPremCheck(OnPremDirectoryException ex) => ex.Failure switch
    {
        OnPremFailure.Unreachable or OnPremFailure.Timeout => GuardrailCheck.Block(
            GuardrailCode.UpstreamUnavailable,
            $"The on-prem directory did not answer ({ex.Failure}). Nothing was written; try again shortly, and check the DC and the connection to it if it persists."),
        _ => GuardrailCheck.Block(
            GuardrailCode.UpstreamError,
            $"The on-prem directory could not be read ({ex.Failure}): {ex.Message} Nothing was written; the API's owner must fix the OnPrem configuration."),
    };

    private static GuardrailCheck EntraCheck(EntraDirectoryException ex) => ex.Failure switch
    {
        EntraFailure.Throttled => GuardrailCheck.Block(GuardrailCode.Throttled, "Graph throttled the reads beyond the retry budget. Nothing was written; try again after Retry-After."),
        EntraFailure.Unavailable => GuardrailCheck.Block(GuardrailCode.UpstreamUnavailable, "Graph was unavailable beyond the retry budget. Nothing was written; try again after Retry-After."),
        _ => GuardrailCheck.Block(GuardrailCode.UpstreamError, $"Graph refused to read: {ex.Message} Nothing was written; the API's identity lacks a Graph permission."),
    };
}
