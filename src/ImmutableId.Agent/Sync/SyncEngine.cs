using System.Reflection;
using ImmutableId.Agent.Reading;
using ImmutableId.Core.Agents;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Agent.Sync;

/// <summary>
/// One sync cycle. A full pass (first run, another DC or invocation id, or <see cref="AgentSettings.FullPassInterval"/>
/// elapsed) posts every user in batches marked as one pass; its last batch lets the API remove what the pass did not
/// see (deleted or moved out of scope). Otherwise a delta posts the users whose uSNChanged is above the high-water mark
/// (an empty batch when nothing changed, so the API knows the agent is alive). The batch sequence is saved after every
/// accepted batch and the high-water mark after every cycle: a restart resumes without re-posting everything.
/// </summary>
internal sealed class SyncEngine(IDirectoryFeed feed, BatchPoster poster, SyncStateStore store, AgentSettings settings, TimeProvider time, ILogger<SyncEngine> logger)
{
    private const int MaxAttempts = 5;
    private readonly BatchPoster _poster = poster;
    private readonly SyncStateStore _store = store;
    private readonly TimeProvider _time = time;
    private readonly ILogger<SyncEngine> _logger = logger;

    private static readonly string Version =
        typeof(SyncEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public async Task<CycleSummary> RunCycleAsync(CancellationToken cancellationToken)
    {
        var state = _store.Load();
        var identity = await feed.IdentifyAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var full = state.HighWaterMark is null || state.LastFullPass is null
            || !string.Equals(state.Host, identity.Host, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(state.InvocationId, identity.InvocationId, StringComparison.OrdinalIgnoreCase)
            || now - state.LastFullPass >= settings.FullPassInterval;
        if (full)
        {
            AgentLog.FullPassStarting(_logger, identity.Host, state.Host is null ? "first run" : state.Host != identity.Host ? "another DC" : state.InvocationId != identity.InvocationId ? "new invocation id" : "full pass interval");
        }

        var run = new Run(this, state, full, identity);
        var buffer = new List<AgentEntryBody>(settings.BatchSize);
        long maxUsn = state.HighWaterMark ?? 0;
        await foreach (var entry in feed.ReadAsync(full ? null : state.HighWaterMark, cancellationToken).ConfigureAwait(false))
        {
            buffer.Add(ToBody(entry));
            maxUsn = Math.Max(maxUsn, entry.UsnChanged);
            if (buffer.Count == settings.BatchSize)
            {
                await run.SendAsync(buffer, complete: false, null, cancellationToken).ConfigureAwait(false);
                buffer.Clear();
            }
        }

        // highestCommittedUSN was read before the search: every change up to it is in what was just read.
        var highWater = identity.HighestCommittedUsn > 0 ? identity.HighestCommittedUsn : maxUsn;
        if (full || buffer.Count > 0 || run.Batches == 0)
        {
            await run.SendAsync(buffer, complete: full, highWater, cancellationToken).ConfigureAwait(false);
        }

        var saved = run.State with
        {
            Host = identity.Host,
            InvocationId = identity.InvocationId,
            HighWaterMark = highWater,
            LastFullPass = full ? now : state.LastFullPass,
        };
        _store.Save(saved);
        var summary = new CycleSummary(full, run.Entries, run.Batches, highWater, saved.Sequence);
        AgentLog.CycleDone(_logger, full ? "full" : "delta", summary.Entries, summary.Batches, summary.HighWaterMark, summary.Sequence);
        return summary;
    }

    private static AgentEntryBody ToBody(FeedEntry entry)
    {
        var user = entry.User;
        return new AgentEntryBody(
            user.ObjectGuid,
            user.DistinguishedName,
            user.UserPrincipalName,
            user.SamAccountName,
            user.Mail,
            user.ProxyAddresses,
            user.ConsistencyGuid?.ToImmutableId(),
            user.Enabled,
            user.AdminCount,
            user.WhenChanged,
            entry.UsnChanged);
    }

    /// <summary>The batches of one cycle: sequence bookkeeping, retries, the full pass's start.</summary>
    private sealed class Run(SyncEngine engine, SyncState state, bool full, DirectoryIdentity identity)
    {
        private long? _passStart;
        private bool _passConfirmed;

        public SyncState State { get; private set; } = state;

        public int Entries { get; private set; }

        public int Batches { get; private set; }

        public async Task SendAsync(IReadOnlyList<AgentEntryBody> entries, bool complete, long? highWater, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                var sequence = State.Sequence + 1;
                if (full && !_passConfirmed)
                {
                    _passStart = sequence;
                }

                var body = new AgentBatchBody(
                    sequence, entries.ToArray(), [], full ? new AgentFullPassBody(_passStart!.Value, complete) : null, Version, identity.Host, highWater);
                PostOutcome outcome;
                try
                {
                    outcome = await engine._poster.PostAsync(body, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException ex)
                {
                    outcome = PostOutcome.Failed(0, null, ex.Message, transient: true);
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Agent:RequestTimeoutSeconds elapsed: the API may still apply it, so the sequence is not reused.
                    outcome = PostOutcome.Failed(0, null, "the request timed out", transient: true);
                }

                if (outcome.Ok)
                {
                    State = State with { Sequence = sequence };
                    engine._store.Save(State);
                    _passConfirmed = true;
                    Entries += entries.Count;
                    Batches++;
                    return;
                }

                if (attempt >= MaxAttempts)
                {
                    throw new AgentSyncException($"The API kept refusing batch {sequence}: {outcome.Status} {outcome.Code} {outcome.Detail}");
                }

                if (outcome.LastSequence is { } last)
                {
                    // A lost or older state file: continue after the API's last sequence.
                    AgentLog.SequenceBehind(engine._logger, sequence, last);
                    State = State with { Sequence = Math.Max(State.Sequence, last) };
                    engine._store.Save(State);
                    continue;
                }

                if (!outcome.Transient)
                {
                    throw new AgentSyncException($"The API refused batch {sequence} ({outcome.Status} {outcome.Code}): {outcome.Detail}");
                }

                // The API may have claimed the sequence before failing: never reuse it.
                AgentLog.Retrying(engine._logger, sequence, outcome.Status, attempt);
                State = State with { Sequence = sequence };
                engine._store.Save(State);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 1 << attempt)), engine._time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
