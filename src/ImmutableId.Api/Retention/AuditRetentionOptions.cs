using ImmutableId.Core.Audit;

namespace ImmutableId.Api.Retention;

/// <summary>
/// How long audit records are kept, per outcome (section <c>AuditRetention</c>; app settings
/// <c>AuditRetention__DryRun=30.00:00:00</c>…). <see cref="TimeSpan.Zero"/> keeps that outcome forever. Pending
/// intents are never deleted: they are reconciled.
/// </summary>
public sealed class AuditRetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "AuditRetention";

    /// <summary>False: nothing is deleted (reconciliation still runs on the schedule).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the Standalone host runs maintenance (the Functions timer has its own schedule).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Records deleted per store call; a run repeats calls until none is due.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Writes Graph accepted.</summary>
    public TimeSpan Succeeded { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Writes that failed.</summary>
    public TimeSpan Failed { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Calls that found nothing to change.</summary>
    public TimeSpan NoChange { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Dry runs.</summary>
    public TimeSpan DryRun { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Refusals (guardrails, scope, bad input).</summary>
    public TimeSpan Refused { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The retention of <paramref name="outcome"/>; zero keeps it forever (and <see cref="AuditOutcome.Pending"/> always).</summary>
    public TimeSpan For(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Succeeded => Succeeded,
        AuditOutcome.Failed => Failed,
        AuditOutcome.NoChange => NoChange,
        AuditOutcome.DryRun => DryRun,
        AuditOutcome.Refused => Refused,
        _ => TimeSpan.Zero,
    };
}
