namespace ImmutableId.Api.OpenApi;

/// <summary>One documented answer of an operation.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Description">When it is sent.</param>
/// <param name="Body">The JSON body's contract type; null for an RFC 9457 problem (<see cref="ProblemCodes"/> lists its codes).</param>
/// <param name="ProblemCodes">For a problem: the <c>code</c> values it can carry.</param>
/// <param name="Headers">Response headers worth knowing (name and description).</param>
/// <param name="MediaType">A body answered as text (e.g. <c>text/csv</c>): documented as a string of this media type (<c>application/json</c>: any JSON object).</param>
public sealed record ApiResponseDescription(
    int Status,
    string Description,
    Type? Body = null,
    IReadOnlyList<string>? ProblemCodes = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? MediaType = null)
{
    /// <summary>True when the body is an <c>application/problem+json</c> problem.</summary>
    public bool IsProblem => Body is null && MediaType is null && Status >= 400;
}
