using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.Jobs;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Api.OpenApi;

/// <summary>The OpenApi feature's endpoints: route, role, gate, OpenAPI metadata and handler, declared once.</summary>
public static class OpenApiDocumentsApi
{
    /// <summary><c>GET</c>: the OpenAPI 3.0 document of this API (anonymous).</summary>
    public const string V3Route = "openapi/v3.json";

    /// <summary><c>GET</c>: the Swagger 2.0 document of this API, for Power Automate custom connectors (anonymous).</summary>
    public const string V2Route = "openapi/v2.json";

    /// <summary><c>GET</c> GetOpenApiV3Document.</summary>
    public static ApiEndpoint<OpenApiHandler> V3 { get; } = ApiEndpoint.AnsweringText<OpenApiHandler, OpenApiDocumentJson>(
        new ApiOperationDescription(
            "GET", OpenApiDocumentsApi.V3Route, "GetOpenApiV3Document", ApiDescription.Service,
            "Get the OpenAPI 3 document",
            "This API described as OpenAPI 3.0, for REST clients, API Management and ServiceNow IntegrationHub. Anonymous.",
            Role: null,
            Visibility: "internal",
            Parameters: [],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The OpenAPI 3.0 document (JSON).")],
            Gate: ApiEndpointGate.Anonymous
        ),
        static (handler, call) => handler.HandleV3Async(call.Request, call.CancellationToken));

    /// <summary><c>GET</c> GetOpenApiV2Document.</summary>
    public static ApiEndpoint<OpenApiHandler> V2 { get; } = ApiEndpoint.AnsweringText<OpenApiHandler, OpenApiDocumentJson>(
        new ApiOperationDescription(
            "GET", OpenApiDocumentsApi.V2Route, "GetOpenApiV2Document", ApiDescription.Service,
            "Get the Swagger 2 document",
            "This API described as Swagger 2.0 (OpenAPI 2.0), for Power Automate and Power Apps custom connectors. Anonymous.",
            Role: null,
            Visibility: "internal",
            Parameters: [],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The Swagger 2.0 document (JSON).")],
            Gate: ApiEndpointGate.Anonymous
        ),
        static (handler, call) => handler.HandleV2Async(call.Request, call.CancellationToken));

    /// <summary>This feature's endpoints, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } = [V3, V2];
}
