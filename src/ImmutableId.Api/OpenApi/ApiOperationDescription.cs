using ImmutableId.Api.Endpoints;
using ImmutableId.Core.Audit;

namespace ImmutableId.Api.OpenApi;

/// <summary>
/// What the OpenAPI documents say about one endpoint, and the gate both hosts run before its handler
/// (<see cref="ApiEndpointPipeline"/>). Declared by the endpoint's feature, with its handler (<see cref="ApiEndpoint{THandler}"/>).
/// </summary>
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
/// <param name="Gate">What runs before the handler: nothing, the auth gate for <paramref name="Role"/>, or the write guard.</param>
/// <param name="WriteOperation">For <see cref="ApiEndpointGate.Write"/>: the audited operation (set or clear).</param>
/// <param name="PagedItems">For a paged list: the property holding one page's entries (the page also holds an absolute <c>nextLink</c>); connectors then follow the pages (<c>x-ms-pageable</c>).</param>
/// <param name="Trigger">For a webhook subscription: the Power Automate trigger it is (<c>x-ms-trigger</c>); otherwise null.</param>
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
    IReadOnlyList<string>? RequiredBodyProperties = null,
    ApiEndpointGate Gate = ApiEndpointGate.AppRole,
    AuditOperation? WriteOperation = null,
    string? PagedItems = null,
    ApiWebhookTrigger? Trigger = null);
