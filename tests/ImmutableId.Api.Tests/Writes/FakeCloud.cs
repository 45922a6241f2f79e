using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Tests.Writes;

/// <summary>
/// Stands in for the hard-match workflow until it is wired: per user a cloud value and a PATCH counter; a set reads
/// the value, and when it differs announces the intent to the journal, "patches" (with latency), and records the
/// outcome — the same sequence and journal calls the workflow makes.
/// </summary>
internal sealed class FakeCloud(AuditJournal journal, IAuditLog auditLog)
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _gate = new();
    private int _patches;

    public int Patches => Volatile.Read(ref _patches);

    private int _handlerRuns;

    public int HandlerRuns => Volatile.Read(ref _handlerRuns);

    /// <summary>When set, the PATCH fails (Graph outage) after the intent.</summary>
    public bool FailWrites { get; set; }

    /// <summary>When set, the handler waits for it just before the PATCH (to hold a request "in flight").</summary>
    public TaskCompletionSource? HoldBeforePatch { get; set; }

    /// <summary>The on-prem DN the "resolved" target has.</summary>
    public string DistinguishedName { get; set; } = "CN=User,OU=Sales,DC=corp,DC=contoso,DC=com";

    /// <summary>Observed: the intent record's outcome at the moment of the PATCH.</summary>
    public AuditOutcome? IntentAtPatch { get; private set; }

    public string? Value(string upn)
    {
        lock (_gate)
        {
            return _values.GetValueOrDefault(upn);
        }
    }

    public Func<HttpRequest, CancellationToken, Task<IResult>> Set(string upn, string value, bool dryRun = false, bool refuse = false) => async (request, ct) =>
    {
        Interlocked.Increment(ref _handlerRuns);
        var before = Value(upn);
        var target = new AuditTarget(upn, "cloud-" + upn, DistinguishedName, Guid.Parse("35918bc9-196d-40ea-9779-889d79b753f0"));
        var entry = new AuditEntry(dryRun, "INC-BODY", "joiner", target, before, value, "objectGuid", [], AuditOutcome.Pending);
        if (refuse)
        {
            await journal.RecordOutcomeAsync(entry with
            {
                After = before,
                Outcome = AuditOutcome.Refused,
                Guardrails = [new AuditGuardrailResult("PrivilegedTarget", true, "Global Administrator (active)")],
                Error = "PrivilegedTarget",
            }, ct);
            return Results.Problem(statusCode: 403, title: "Refused");
        }

        if (before == value)
        {
            await journal.RecordOutcomeAsync(entry with { Outcome = AuditOutcome.NoChange, Verified = true }, ct);
            return Results.Json(new { outcome = "noChange" });
        }

        if (dryRun)
        {
            await journal.RecordOutcomeAsync(entry with { Outcome = AuditOutcome.DryRun }, ct);
            return Results.Json(new { outcome = "planned" });
        }

        await journal.RecordIntentAsync(entry, ct);
        IntentAtPatch = (await auditLog.GetAsync(WriteContext.Current!.OperationId, ct))?.Outcome;
        if (HoldBeforePatch is { } hold)
        {
            await hold.Task;
        }

        await Task.Delay(20, ct); // Graph latency: widens any race window.
        if (FailWrites)
        {
            await journal.RecordOutcomeAsync(entry with { Outcome = AuditOutcome.Failed, After = before, Error = "UpstreamUnavailable" }, ct);
            return Results.Problem(statusCode: 503, title: "Unavailable");
        }

        lock (_gate)
        {
            _values[upn] = value;
        }

        Interlocked.Increment(ref _patches);
        await journal.RecordOutcomeAsync(entry with { Outcome = AuditOutcome.Succeeded, Verified = true, GraphRequestId = "req-" + Patches }, ct);
        return Results.Json(new { outcome = "succeeded", after = value });
    };
}
