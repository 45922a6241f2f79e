namespace ImmutableId.Api.OpenApi;

/// <summary>One operation of the HTTP API, as the OpenAPI documents describe it.</summary>
/// <param name="Method">The HTTP method (GET, PUT…).</param>
/// <param name="Route">The route constant from <see cref="ApiRoutes"/>, without the <see cref="ApiRoutes.Prefix"/>.</param>
/// <param name="OperationId">A stable PascalCase id: connectors and generated clients name their actions after it.</param>
/// <param name="Tag">The group the operation is listed under.</param>
/// <param name="Summary">A short title (Power Automate shows it as the action name).</param>
/// <param name="Description">What it does and what to do with the answer.</param>
/// <param name="Role">The app role it needs, or null when it is anonymous.</param>
/// <param name="Visibility">Power Automate's <c>x-ms-visibility</c>: important, advanced or internal.</param>
/// <param name="Parameters">Path, query and header parameters.</param>
/// <param name="RequestBody">The JSON body's contract type, or null when there is none.</param>
/// <param name="RequestBodyRequired">True when the body must be sent.</param>
/// <param name="Responses">Every documented status.</param>
/// <param name="RequiredBodyProperties">Body fields a caller must send although the record allows null (so the handler can answer a clear problem).</param>
public sealed record ApiOperationDescription(
    string Method,
    string Route,
    string OperationId,
    string Tag,
    string Summary,
    string Description,
    string? Role,
    string Visibility,
    IReadOnlyList<ApiParameterDescription> Parameters,
    Type? RequestBody,
    bool RequestBodyRequired,
    IReadOnlyList<ApiResponseDescription> Responses,
    IReadOnlyList<string>? RequiredBodyProperties = null);
