using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;

namespace ImmutableId.Api.Jobs;

/// <summary>A job request as read from the body (JSON) or from the query string and a CSV body.</summary>
/// <remarks><paramref name="Discover"/>: an assess job sent without users, whose candidates the API finds itself.</remarks>
internal sealed record JobInput(JobOperation Operation, IReadOnlyList<JobRow> Rows, bool DryRun, AnchorSourcePreference Source, string? Ticket, string? Reason, bool Discover = false);
