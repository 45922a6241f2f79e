using ImmutableId.Api.Endpoints;

namespace ImmutableId.Api.OpenApi;

/// <summary>
/// The answer of <c>GET /api/openapi/v3.json</c> and <c>v2.json</c>: a document as the writer produced it. Kept as text
/// rather than a contract record: its shape is the OpenAPI or Swagger specification's, documented as a JSON object.
/// </summary>
/// <param name="Text">The document (JSON).</param>
public sealed record OpenApiDocumentJson(string Text) : IApiText
{
    /// <inheritdoc />
    public static string MediaType => "application/json";
}
