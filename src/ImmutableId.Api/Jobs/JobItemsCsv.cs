using ImmutableId.Api.Endpoints;

namespace ImmutableId.Api.Jobs;

/// <summary>The answer of <c>GET /api/jobs/{id}/items.csv</c>: every user of the job as CSV, header row first.</summary>
/// <param name="Text">The CSV (CRLF line ends; cells a caller chose never start a formula).</param>
public sealed record JobItemsCsv(string Text) : IApiText
{
    /// <inheritdoc />
    public static string MediaType => "text/csv";
}
