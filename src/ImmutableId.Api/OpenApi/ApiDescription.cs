using ImmutableId.Api.Convert;
using ImmutableId.Api.Health;
using ImmutableId.Api.Http;

namespace ImmutableId.Api.OpenApi;

/// <summary>
/// The one description of the HTTP API that both OpenAPI documents are generated from. Every route both hosts map
/// under <see cref="ApiRoutes.Prefix"/> has an entry here (a test enumerates the Standalone host's endpoints).
/// </summary>
public static class ApiDescription
{
    /// <summary>The document title.</summary>
    public const string Title = "ImmutableId Functions";

    /// <summary>The API version in the documents (the routes carry no version; v1 is the only one).</summary>
    public const string Version = "v1";

    /// <summary>The documents' introduction.</summary>
    public const string Introduction =
        "Reads, sets (hard match) and clears a cloud user's onPremisesImmutableId so that Entra Connect or Cloud Sync " +
        "links it to the right AD user, with every guardrail checked first. Writes accept dryRun=true (every check, no write), " +
        "an Idempotency-Key header and a ticket reference (X-Ticket-Id). Errors are RFC 9457 application/problem+json with a " +
        "stable code, a detail that says what to do next, and a traceId.";

    internal const string Anchors = "Anchors";
    internal const string Service = "Service";

    /// <summary>Every operation, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiOperationDescription> Operations { get; } =
    [
        new(
            "POST", ApiRoutes.Convert, "ConvertAnchor", Anchors,
            "Convert a source anchor",
            "Converts one source anchor between every form: GUID (as AD shows objectGUID), ImmutableId (Base64, the value of onPremisesImmutableId), hex, " +
            "LDAP-escaped bytes and Entra Connect's connector-space DN. The input form is detected unless 'from' forces it. Nothing is read or written.",
            Role: ApiRoles.Read,
            Visibility: "important",
            Parameters: [],
            RequestBody: typeof(ConvertRequest),
            RequestBodyRequired: true,
            Responses:
            [
                new(200, "Every form of the anchor.", typeof(ConvertResponse)),
                new(400, "The body or the value is not valid; 'lookedLike' names the form the value resembled.",
                    ProblemCodes: [ProblemCodes.InvalidJson, ProblemCodes.MissingBody, ProblemCodes.InvalidAnchorFormatName, "AnchorEmpty", "AnchorInvalid", "AnchorAmbiguous"]),
                new(413, "The body is larger than 64 KiB.", ProblemCodes: [ProblemCodes.RequestTooLarge]),
                new(415, "The body is not JSON.", ProblemCodes: [ProblemCodes.UnsupportedMediaType]),
            ],
            RequiredBodyProperties: ["value"]),
        new(
            "GET", ApiRoutes.Health, "GetHealth", Service,
            "Check the service is alive",
            "Liveness: answers 200 with the status and version. Anonymous; says nothing about the tenant or the directory.",
            Role: null,
            Visibility: "advanced",
            Parameters: [],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The service is running.", typeof(HealthResponse))]),
        new(
            "GET", ApiRoutes.OpenApiV3, "GetOpenApiV3Document", Service,
            "Get the OpenAPI 3 document",
            "This API described as OpenAPI 3.0, for REST clients, API Management and ServiceNow IntegrationHub. Anonymous.",
            Role: null,
            Visibility: "internal",
            Parameters: [],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The OpenAPI 3.0 document (JSON).", typeof(object))]),
        new(
            "GET", ApiRoutes.OpenApiV2, "GetOpenApiV2Document", Service,
            "Get the Swagger 2.0 document",
            "This API described as Swagger 2.0 (OpenAPI 2.0), for Power Automate and Power Apps custom connectors. Anonymous.",
            Role: null,
            Visibility: "internal",
            Parameters: [],
            RequestBody: null,
            RequestBodyRequired: false,
            Responses: [new(200, "The Swagger 2.0 document (JSON).", typeof(object))]),
    ];
}
