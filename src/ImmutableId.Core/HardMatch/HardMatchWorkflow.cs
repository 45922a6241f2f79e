using ImmutableId.Core.Anchors;
using ImmutableId.Core.Audit;
using ImmutableId.Core.Entra;
using ImmutableId.Core.Leases;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.Core.HardMatch;

/// <summary>
/// The hard-match workflow: status, plan (dry run), set and clear of one user's onPremisesImmutableId. It owns the
/// whole operation: resolve the user on both sides, check the caller's scope on the resolved user (whatever name was
/// used), read every fact once and run every guardrail; only then take the per-user lease on the resolved cloud object,
/// write (intent recorded durably first), verify by read-back, and record the outcome.
/// </summary>
/// <remarks>Expected outcomes (not found, refused, busy, throttled) are values in <see cref="HardMatchResult"/>; nothing throws for them.</remarks>
public sealed class HardMatchWorkflow
{
    private readonly IOnPremDirectory _onPrem;
    private readonly IEntraDirectory _entra;
    private readonly PolicyOptions _options;
    private readonly HardMatchPolicy _policy;
    private readonly IAuditLog? _audit;
    private readonly IUserLease? _leases;
    private readonly TimeProvider _time;

    /// <summary>Creates the workflow over the two directories, the audit log and the user leases.</summary>
    /// <param name="onPrem">The on-prem directory.</param>
    /// <param name="entra">The Entra directory.</param>
    /// <param name="options">The write policy.</param>
    /// <param name="auditLog">Where intents and outcomes are recorded; null records nothing (tools and unit tests).</param>
    /// <param name="leases">The per-user leases; null does not serialise writes (tools and unit tests).</param>
    /// <param name="time">The clock.</param>
    public HardMatchWorkflow(
        IOnPremDirectory onPrem,
        IEntraDirectory entra,
        PolicyOptions options,
        IAuditLog? auditLog = null,
        IUserLease? leases = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(onPrem);
        ArgumentNullException.ThrowIfNull(entra);
        ArgumentNullException.ThrowIfNull(options);
        _onPrem = onPrem;
        _entra = entra;
        _options = options;
        _policy = new HardMatchPolicy(options);
        _audit = auditLog;
        _leases = leases;
        _time = time ?? TimeProvider.System;
        LeaseDuration = TimeSpan.FromSeconds(options.LeaseSeconds);
        LeaseWait = TimeSpan.FromSeconds(options.LeaseWaitSeconds);
    }

    /// <summary>
    /// How long a write holds its user's lease before it must be renewed; the lease is renewed every third of it while
    /// the operation runs, so it outlives the request, and lapses this long after a holder died.
    /// </summary>
    /// <remarks>From <see cref="PolicyOptions.LeaseSeconds"/>, so every host and the job processor hold leases alike.</remarks>
    public TimeSpan LeaseDuration { get; init; }

    /// <summary>How long a write waits for another write on the same cloud user before it is refused with <see cref="GuardrailCode.UserBusy"/>.</summary>
    /// <remarks>From <see cref="PolicyOptions.LeaseWaitSeconds"/>.</remarks>
    public TimeSpan LeaseWait { get; init; }

    /// <summary>Both sides of one user, the match state and every guardrail a set (source auto, no replace) would hit.</summary>
    public Task<HardMatchResult> StatusAsync(UserKey user, CancellationToken cancellationToken = default) =>
        StatusAsync(user, OperationContext.ForSystem(_time), cancellationToken);

    /// <summary>Both sides of one user, as far as <paramref name="context"/>'s caller may see them.</summary>
    public async Task<HardMatchResult> StatusAsync(UserKey user, OperationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(context);
        var request = new SetImmutableIdRequest(user);
        var change = Change.Status(request);
        var (facts, stop) = await ReadAsync(change, NeedsOnPrem(user, context, forClear: false), context, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return stop.Result;
        }

        return Describe(change, facts!, _policy.EvaluateSet(facts!, request)) with
        {
            Outcome = HardMatchOutcome.Reported,
            After = facts!.CloudUser?.OnPremisesImmutableId,
        };
    }

    /// <summary>A dry run of <see cref="SetAsync(SetImmutableIdRequest, OperationContext, CancellationToken)"/>: every check, the exact change, no write.</summary>
    public Task<HardMatchResult> PlanAsync(SetImmutableIdRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SetAsync(request with { DryRun = true }, OperationContext.ForSystem(_time), cancellationToken);
    }

    /// <summary>Hard match as the system caller (tools and tests).</summary>
    public Task<HardMatchResult> SetAsync(SetImmutableIdRequest request, CancellationToken cancellationToken = default) =>
        SetAsync(request, OperationContext.ForSystem(_time), cancellationToken);

    /// <summary>Hard match: writes the anchor as onPremisesImmutableId when every guardrail passes, then verifies it.</summary>
    public Task<HardMatchResult> SetAsync(SetImmutableIdRequest request, OperationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return ChangeAsync(Change.Set(request, _policy), NeedsOnPrem(request.User, context, forClear: false), context, cancellationToken);
    }

    /// <summary>Clear as the system caller (tools and tests).</summary>
    public Task<HardMatchResult> ClearAsync(ClearImmutableIdRequest request, CancellationToken cancellationToken = default) =>
        ClearAsync(request, OperationContext.ForSystem(_time), cancellationToken);

    /// <summary>Clears onPremisesImmutableId (an explicit JSON null) when the guardrails allow it, then verifies it is gone.</summary>
    public Task<HardMatchResult> ClearAsync(ClearImmutableIdRequest request, OperationContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return ChangeAsync(Change.Clear(request, _policy), NeedsOnPrem(request.User, context, forClear: true), context, cancellationToken);
    }

    /// <summary>
    /// A set or a clear, one straight sequence: read (resolve, scope, facts), decide; when a write is planned, take the
    /// lease on the resolved cloud object, read the user again only if another writer held that lease since the read,
    /// then write, verify, record. A refusal or no-change the facts already show takes no lease.
    /// </summary>
    private async Task<HardMatchResult> ChangeAsync(Change change, bool needOnPrem, OperationContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await DecideAndWriteAsync(change, needOnPrem, context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && _audit is not null)
        {
            // The caller went away before the intent was recorded (from the intent on, the write runs to its end
            // whatever the caller does): nothing was written, and the attempt is still recorded with why it ended.
            await _audit.WriteOutcomeAsync(HardMatchAudit.CallerGone(context, change.Operation, change.User.ToString(), change.DryRun, change.Ticket, change.Reason, _time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<HardMatchResult> DecideAndWriteAsync(Change change, bool needOnPrem, OperationContext context, CancellationToken cancellationToken)
    {
        var readAt = _time.GetUtcNow();
        var (facts, stop) = await ReadAsync(change, needOnPrem, context, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return await FinishAsync(context, stop.Result, cancellationToken, stop.RecordedAs).ConfigureAwait(false);
        }

        var plan = change.Decide(facts!, Describe(change, facts!, change.Evaluate(facts!)));
        if (plan.Outcome != HardMatchOutcome.Planned || change.DryRun)
        {
            return await FinishAsync(context, plan, cancellationToken).ConfigureAwait(false);
        }

        var userId = facts!.CloudUser!.Id;
        HeldUserLease? held = null;
        if (_leases is not null)
        {
            held = await HeldUserLease.AcquireAsync(_leases, "cloud:" + userId, LeaseDuration, LeaseWait, _time, cancellationToken).ConfigureAwait(false);
            if (held is null)
            {
                return await FinishAsync(context, Busy(plan, "Another set or clear of this user (by whatever name) was still running; nothing was written. Retry after it finishes (see Retry-After)."), cancellationToken).ConfigureAwait(false);
            }
        }

        try
        {
            if (held?.PreviousHolderUntil is { } until && until >= readAt)
            {
                // Another writer held this user since it was read: read it again (one request) and decide on that.
                CloudUser? current;
                try
                {
                    current = await _entra.GetUserAsync(userId, cancellationToken).ConfigureAwait(false);
                }
                catch (EntraDirectoryException ex)
                {
                    return await FinishAsync(context, UpstreamFailure(change, EntraCheck(ex), ex.RetryAfter), cancellationToken).ConfigureAwait(false);
                }

                if (current is null || !string.Equals(current.Id, userId, StringComparison.OrdinalIgnoreCase))
                {
                    return await FinishAsync(context, Busy(plan, "The user was deleted or replaced while the write waited; nothing was written. Read the status and try again."), cancellationToken).ConfigureAwait(false);
                }

                facts = facts with { Preflight = facts.Preflight! with { User = current with { OnPremisesObjectIdentifier = facts.CloudUser.OnPremisesObjectIdentifier } } };
                plan = change.Decide(facts, Describe(change, facts, change.Evaluate(facts)));
                if (plan.Outcome != HardMatchOutcome.Planned)
                {
                    return await FinishAsync(context, plan, cancellationToken).ConfigureAwait(false);
                }
            }

            return await WriteAsync(context, plan with { Outcome = HardMatchOutcome.Reported }, plan.After, held, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (held is not null)
            {
                await held.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static HardMatchResult PlanSet(HardMatchResult described, HardMatchFacts facts, SetImmutableIdRequest request)
    {
        if (described.IsBlocked)
        {
            return described with { Outcome = HardMatchOutcome.Refused };
        }

        if (facts.CloudUser is null)
        {
            return described;
        }

        if (facts.MatchState == MatchState.Matched)
        {
            return described with { Outcome = HardMatchOutcome.NoChange, After = described.Before, Verified = true };
        }

        return described with { Outcome = HardMatchOutcome.Planned, After = facts.Anchor!.Value.ToImmutableId(), DryRun = request.DryRun };
    }

    private static HardMatchResult PlanClear(HardMatchResult described, HardMatchFacts facts)
    {
        if (described.IsBlocked)
        {
            return described with { Outcome = HardMatchOutcome.Refused };
        }

        if (facts.CloudUser is null)
        {
            return described;
        }

        return string.IsNullOrEmpty(described.Before)
            ? described with { Outcome = HardMatchOutcome.NoChange, After = null, Verified = true }
            : described with { Outcome = HardMatchOutcome.Planned, After = null };
    }

    private static HardMatchResult Busy(HardMatchResult plan, string detail) => plan with
    {
        Outcome = HardMatchOutcome.Refused,
        After = plan.Before,
        Checks = [.. plan.Checks, GuardrailCheck.Block(GuardrailCode.UserBusy, detail)],
        RetryAfter = TimeSpan.FromSeconds(5),
    };

    private bool NeedsOnPrem(UserKey user, OperationContext context, bool forClear) =>
        !forClear || user.IsObjectGuid || !context.CallerScope.AnyOu;

    // The caller's scope, on the resolved user: refused before anything about the user (roles, anchors, state) is answered.
    private static HardMatchResult? OutOfScope(Change change, HardMatchFacts facts, OperationContext context)
    {
        var scope = context.CallerScope;
        if (scope.IsUnrestricted)
        {
            return null;
        }

        var upn = facts.CloudUser?.UserPrincipalName ?? facts.TargetUserPrincipalName;
        var dn = facts.OnPrem?.User?.DistinguishedName;
        string? problem = null;
        if (!scope.PermitsUpn(upn))
        {
            problem = "The user's UPN domain is outside the domains your application may see or change.";
        }
        else if (!scope.AnyOu && (facts.OnPrem?.Matches.Count ?? 0) > 1)
        {
            problem = "The user's on-prem object could not be placed in an OU your application may see or change.";
        }
        else if (!scope.PermitsDistinguishedName(dn))
        {
            problem = "The user's on-prem object is outside the OUs your application may see or change.";
        }

        if (problem is null)
        {
            return null;
        }

        return new HardMatchResult
        {
            Operation = change.Operation,
            Outcome = HardMatchOutcome.Refused,
            User = facts.User,
            DryRun = change.DryRun,
            Ticket = change.Ticket,
            Reason = change.Reason,
            Checks = [GuardrailCheck.Block(GuardrailCode.OutOfCallerScope, problem + " Ask an administrator to widen Auth:CallerScopes for your application if this is intended.")],
        };
    }

    /// <summary>
    /// Everything the guardrails need, each fact read once: the on-prem object (when needed), the cloud user (one
    /// request), the caller's scope on both, then the rest of the cloud facts (one <c>$batch</c>).
    /// </summary>
    private async Task<(HardMatchFacts? Facts, Stop? Stop)> ReadAsync(Change change, bool needOnPrem, OperationContext context, CancellationToken cancellationToken)
    {
        var user = change.User;
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
                return (null, new Stop(UpstreamFailure(change, OnPremCheck(ex), null)));
            }
        }

        var onPremUser = lookup?.User;
        var upn = user.IsObjectGuid ? onPremUser?.UserPrincipalName : user.UserPrincipalName;
        var (anchor, anchorSource) = onPremUser is null ? (null, null) : ChooseAnchor(onPremUser, change.Source);
        var facts = new HardMatchFacts(user, lookup, upn, null, anchor, anchorSource);
        if (upn is null)
        {
            return OutOfScope(change, facts, context) is { } refused ? (null, new Stop(refused, Describe(change, facts, []))) : (facts, null);
        }

        try
        {
            var resolved = await _entra.ResolveUserAsync(upn, cancellationToken).ConfigureAwait(false);
            facts = facts with { Preflight = new CloudPreflight(resolved.User, DomainAuthentication.Unknown, [], [], resolved.ObjectIdentifier) };
            if (OutOfScope(change, facts, context) is { } refused)
            {
                return (null, new Stop(refused, Describe(change, facts, [])));
            }

            var preflight = await _entra.GetFactsAsync(resolved, change.WithHolders ? anchor?.ToImmutableId() : null, cancellationToken).ConfigureAwait(false);
            return (facts with { Preflight = preflight }, null);
        }
        catch (EntraDirectoryException ex)
        {
            return (null, new Stop(UpstreamFailure(change, EntraCheck(ex), ex.RetryAfter) with { OnPremUser = onPremUser, TargetUserPrincipalName = upn }));
        }
    }

    private static (SourceAnchor?, AnchorSource?) ChooseAnchor(OnPremUser user, AnchorSourcePreference source) => source switch
    {
        AnchorSourcePreference.ObjectGuid => (SourceAnchor.FromGuid(user.ObjectGuid), OnPrem.AnchorSource.ObjectGuid),
        AnchorSourcePreference.ConsistencyGuid when user.ConsistencyGuid is null => (null, null),
        AnchorSourcePreference.ConsistencyGuid => (user.ConsistencyGuid, OnPrem.AnchorSource.ConsistencyGuid),
        _ => (user.Anchor, user.AnchorSource),
    };

    /// <summary>What a status, set or clear asks for, and how its facts become a decision.</summary>
    private sealed record Change(
        HardMatchOperation Operation,
        UserKey User,
        AnchorSourcePreference Source,
        bool WithHolders,
        bool DryRun,
        string? Ticket,
        string? Reason,
        Func<HardMatchFacts, IReadOnlyList<GuardrailCheck>> Evaluate,
        Func<HardMatchFacts, HardMatchResult, HardMatchResult> Decide)
    {
        public static Change Status(SetImmutableIdRequest request) =>
            new(HardMatchOperation.Status, request.User, request.Source, true, request.DryRun, null, null, _ => [], (_, described) => described);

        public static Change Set(SetImmutableIdRequest request, HardMatchPolicy policy) =>
            new(HardMatchOperation.Set, request.User, request.Source, true, request.DryRun, request.Ticket, request.Reason,
                facts => policy.EvaluateSet(facts, request),
                (facts, described) => PlanSet(described, facts, request));

        // A clear checks no anchor holders (it writes no anchor); it reads the on-prem side only to place the user.
        public static Change Clear(ClearImmutableIdRequest request, HardMatchPolicy policy) =>
            new(HardMatchOperation.Clear, request.User, AnchorSourcePreference.Auto, false, request.DryRun, request.Ticket, request.Reason,
                policy.EvaluateClear,
                (facts, described) => PlanClear(described, facts));
    }

    /// <summary>A read that ended the operation: its answer, and what to record when that differs (a scoped refusal records the facts the caller is not shown).</summary>
    private sealed record Stop(HardMatchResult Result, HardMatchResult? RecordedAs = null);

    private static HardMatchResult Describe(Change change, HardMatchFacts facts, IReadOnlyList<GuardrailCheck> checks) => new()
    {
        Operation = change.Operation,
        Outcome = HardMatchOutcome.Reported,
        User = facts.User,
        DryRun = change.DryRun,
        Ticket = change.Ticket,
        Reason = change.Reason,
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

    private async Task<HardMatchResult> WriteAsync(OperationContext context, HardMatchResult plan, string? value, HeldUserLease? held, CancellationToken cancellationToken)
    {
        var userId = plan.CloudUser!.Id;
        plan = plan with { After = value };
        if (held?.Lost.IsCancellationRequested == true)
        {
            return Busy(plan with { After = plan.Before }, "The user's lease was lost before the write (the store was unreachable); nothing was written. Try again.");
        }

        if (_audit is not null)
        {
            // Durable before the PATCH: if the process dies after it, reconciliation reads the user back.
            await _audit.WriteIntentAsync(HardMatchAudit.Intent(context, plan), cancellationToken).ConfigureAwait(false);
        }

        // Once the intent is recorded the write runs to its end, whatever the caller does (a client that disconnects
        // must not leave a PATCH half-known): Graph's retry budget bounds it, and the outcome is always recorded.
        EntraWriteResult write;
        try
        {
            write = await _entra.SetImmutableIdAsync(userId, value, CancellationToken.None).ConfigureAwait(false);
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
            return await FinishAsync(context, failed, CancellationToken.None).ConfigureAwait(false);
        }

        // Graph answered 2xx to a request that carried the value: the write succeeded; the read-back says whether it shows yet.
        var verified = await VerifyAsync(userId, value, CancellationToken.None).ConfigureAwait(false);
        return await FinishAsync(context, written with { Outcome = HardMatchOutcome.Succeeded, After = value, Verified = verified }, CancellationToken.None).ConfigureAwait(false);
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

    // Records the outcome (the answer is the result; the record may hold more than a scoped caller is shown).
    private async Task<HardMatchResult> FinishAsync(OperationContext context, HardMatchResult result, CancellationToken cancellationToken, HardMatchResult? recordedAs = null)
    {
        if (_audit is not null && result.Operation != HardMatchOperation.Status)
        {
            var record = recordedAs is null
                ? result
                : recordedAs with { Outcome = result.Outcome, Checks = [.. recordedAs.Checks, .. result.Checks], After = recordedAs.Before };
            await _audit.WriteOutcomeAsync(HardMatchAudit.Outcome(context, record, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }

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
            EntraWriteStatus.Throttled when write.RequestId is null && !string.IsNullOrWhiteSpace(write.Message) =>
                (GuardrailCheck.Block(GuardrailCode.Throttled, write.Message + " Nothing was written; try again after Retry-After."), HardMatchOutcome.Failed),
            EntraWriteStatus.Throttled => (GuardrailCheck.Block(GuardrailCode.Throttled, "Graph kept throttling the write beyond the retry budget; nothing was written. Try again after Retry-After."), HardMatchOutcome.Failed),
            EntraWriteStatus.Unavailable => (GuardrailCheck.Block(GuardrailCode.UpstreamUnavailable, "Graph was unavailable for the write beyond the retry budget. Read the status before trying again: the write may or may not have been applied." + said), HardMatchOutcome.Failed),
            _ => (GuardrailCheck.Block(GuardrailCode.UpstreamError, "Graph refused the value." + said), HardMatchOutcome.Failed),
        };
    }

    // A read that failed upstream ends the operation: nothing was written.
    private static HardMatchResult UpstreamFailure(Change change, GuardrailCheck check, TimeSpan? retryAfter) => new()
    {
        Operation = change.Operation,
        Outcome = HardMatchOutcome.Failed,
        User = change.User,
        DryRun = change.DryRun,
        Ticket = change.Ticket,
        Reason = change.Reason,
        Checks = [check],
        RetryAfter = retryAfter,
    };

    private static GuardrailCheck OnPremCheck(OnPremDirectoryException ex) => ex.Failure switch
    {
        OnPremFailure.Stale => GuardrailCheck.Block(
            GuardrailCode.AgentStale,
            $"{ex.Message} Nothing was written. Check that the on-prem agent is running and can reach this API (the list of agents shows each agent's last sync)."),
        OnPremFailure.Unreachable or OnPremFailure.Timeout => GuardrailCheck.Block(
            GuardrailCode.UpstreamUnavailable,
            $"The on-prem directory did not answer ({ex.Failure}). Nothing was written; try again shortly, and check the DC and the connection to it if it persists."),
        _ => GuardrailCheck.Block(
            GuardrailCode.UpstreamError,
            $"The on-prem directory could not be read ({ex.Failure}): {ex.Message} Nothing was written; the API's owner must fix the OnPrem configuration."),
    };

    private static GuardrailCheck EntraCheck(EntraDirectoryException ex) => ex.Failure switch
    {
        EntraFailure.Throttled => GuardrailCheck.Block(GuardrailCode.Throttled, $"Graph throttled the reads beyond the retry budget. Nothing was written; try again after Retry-After. Graph said: {ex.Message}"),
        EntraFailure.Unavailable => GuardrailCheck.Block(GuardrailCode.UpstreamUnavailable, $"Graph was unavailable beyond the retry budget. Nothing was written; try again after Retry-After. Graph said: {ex.Message}"),
        _ => GuardrailCheck.Block(GuardrailCode.UpstreamError, $"Graph refused to read: {ex.Message} Nothing was written; the API's identity lacks a Graph permission."),
    };
}
