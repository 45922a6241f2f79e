using System.Diagnostics;
using ImmutableId.Core.Audit;

namespace ImmutableId.Api.Telemetry;

/// <summary>
/// Decorates the audit log: when an attempt's outcome is recorded, emits its span (from the attempt's start to now,
/// under the request's span) and its metrics. The audit record is the one place that knows the whole operation, so
/// every write path is measured without touching it.
/// </summary>
internal sealed class TelemetryAuditLog(IAuditLog inner, TimeProvider time) : IAuditLog
{
    public Task WriteIntentAsync(AuditRecord intent, CancellationToken cancellationToken = default) =>
        inner.WriteIntentAsync(intent, cancellationToken);

    public async Task<bool> WriteOutcomeAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        var written = await inner.WriteOutcomeAsync(record, cancellationToken).ConfigureAwait(false);
        if (written && !record.Reconciled)
        {
            Emit(record, time.GetUtcNow());
        }

        return written;
    }

    public Task<bool> RecordProvisioningAsync(Guid operationId, AuditProvisioning provisioning, CancellationToken cancellationToken = default) =>
        inner.RecordProvisioningAsync(operationId, provisioning, cancellationToken);

    public Task<AuditRecord?> GetAsync(Guid operationId, CancellationToken cancellationToken = default) => inner.GetAsync(operationId, cancellationToken);

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> ListPendingAsync(DateTimeOffset startedBefore, int max, CancellationToken cancellationToken = default) =>
        inner.ListPendingAsync(startedBefore, max, cancellationToken);

    internal static void Emit(AuditRecord record, DateTimeOffset end)
    {
        var operation = record.Operation.ToString().ToLowerInvariant();
        var outcome = ToCamel(record.Outcome.ToString());
        var blocking = record.Guardrails.Where(g => g.Blocking).Select(g => g.Code).Distinct(StringComparer.Ordinal).ToArray();
        var codes = record.Guardrails.Select(g => g.Code).Distinct(StringComparer.Ordinal).ToArray();

        using (var activity = ImmutableIdTelemetry.Source.StartActivity("ImmutableId " + operation, ActivityKind.Internal, Activity.Current?.Context ?? default, startTime: record.Time))
        {
            if (activity is not null)
            {
                activity.SetTag("immutableid.operation.id", record.OperationId.ToString("D"));
                activity.SetTag("immutableid.operation", operation);
                activity.SetTag("immutableid.dry_run", record.DryRun);
                activity.SetTag("immutableid.outcome", outcome);
                activity.SetTag("immutableid.ticket", record.Ticket);
                activity.SetTag("immutableid.guardrail.codes", codes);
                activity.SetTag("immutableid.caller.app_id", record.Caller.AppId);
                if (record.Verified is { } verified)
                {
                    activity.SetTag("immutableid.verified", verified);
                }

                if (record.Outcome == AuditOutcome.Failed)
                {
                    activity.SetStatus(ActivityStatusCode.Error, "failed");
                }

                activity.SetEndTime(end.UtcDateTime);
            }
        }

        foreach (var code in blocking.Length == 0 ? ["none"] : blocking)
        {
            ImmutableIdTelemetry.Operations.Add(1,
                new KeyValuePair<string, object?>("immutableid.operation", operation),
                new KeyValuePair<string, object?>("immutableid.outcome", outcome),
                new KeyValuePair<string, object?>("immutableid.guardrail.code", code));
        }

        ImmutableIdTelemetry.OperationDuration.Record(Math.Max(0, (end - record.Time).TotalSeconds),
            new KeyValuePair<string, object?>("immutableid.operation", operation),
            new KeyValuePair<string, object?>("immutableid.outcome", outcome));
    }

    private static string ToCamel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
