using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;

namespace ImmutableId.Api.Jobs;

/// <summary>A job request as read from the body (JSON) or from the query string and a CSV body.</summary>
internal sealed record JobInput(JobOperation Operation, IReadOnlyList<JobRow> Rows, bool DryRun, AnchorSourcePreference Source, string? Ticket, string? Reason);
