using ImmutableId.Api.Endpoints;

namespace ImmutableId.Api.Jobs;

/// <summary>The answer of <c>GET /api/jobs/{id}/report</c>: the readiness report as one self-contained HTML page (<see cref="JobReportPage"/>).</summary>
/// <param name="Text">The page.</param>
public sealed record JobReportHtml(string Text) : IApiText
{
    /// <inheritdoc />
    public static string MediaType => "text/html";
}
