using System.Text;
using System.Text.Json.Nodes;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Http;
using Microsoft.OpenApi;

namespace ImmutableId.Api.OpenApi;

/// <summary>
/// Builds the OpenAPI model from <see cref="ApiDescription"/> and writes it as OpenAPI 3.0 or Swagger 2.0
/// (Microsoft.OpenApi writes both versions from the same model).
/// </summary>
public static class OpenApiDocumentFactory
{
    /// <summary>The security scheme for users signed in through a client (Power Automate, a portal): authorization code.</summary>
    public const string AuthorizationCodeScheme = "entraIdAuthorizationCode";

    /// <summary>The security scheme for daemons (ServiceNow, scripts): client credentials.</summary>
    public const string ClientCredentialsScheme = "entraIdClientCredentials";

    /// <summary>The schema of every RFC 9457 problem.</summary>
    public const string ProblemSchema = "Problem";

    /// <summary>The schema of one blocker or warning inside a problem.</summary>
    public const string ProblemCodeSchema = "ProblemCode";

    private static readonly Dictionary<string, string> RoleDescriptions = new(StringComparer.Ordinal)
    {
        [AppRoles.Read] = "status, convert and the audit records.",
        [AppRoles.Write] = "set (hard match), including its dry run.",
        [AppRoles.Clear] = "clear, including its dry run.",
        [AppRoles.Agent] = "the on-prem agent posting anchors (later).",
    };

    /// <summary>Where a webhook notification's schema is in the OpenAPI 3 document (an extension's reference: no writer rewrites it).</summary>
    internal const string NotificationReferencePrefix = "#/components/schemas/";

    private const string Json = "application/json";
    private const string ProblemJson = "application/problem+json";

    /// <summary>The model for a server at <paramref name="serverUrl"/> (scheme, host and path base, ending in <c>/api</c>).</summary>
    public static OpenApiDocument Create(string serverUrl, OpenApiSecuritySettings? security = null) =>
        Build(serverUrl, security ?? OpenApiSecuritySettings.Default).Document;

    /// <summary>The document as JSON in <paramref name="version"/> (OpenAPI 3.0 or Swagger 2.0).</summary>
    public static async Task<string> WriteAsync(
        string serverUrl,
        OpenApiSpecVersion version,
        OpenApiSecuritySettings? security = null,
        CancellationToken cancellationToken = default)
    {
        var document = Create(serverUrl, security);
        using var stream = new MemoryStream();
        await document.SerializeAsJsonAsync(stream, version, cancellationToken).ConfigureAwait(false);
        var json = Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        return version == OpenApiSpecVersion.OpenApi2_0 ? Swagger2Fixups.Apply(json) : json;
    }

    /// <summary>The model and the CLR type behind each component schema (for tests that compare them with the wire).</summary>
    internal static (OpenApiDocument Document, IReadOnlyDictionary<string, Type> ComponentTypes) Build(string serverUrl, OpenApiSecuritySettings security)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverUrl);
        ArgumentNullException.ThrowIfNull(security);
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = ApiDescription.Title,
                Version = ApiDescription.Version,
                Description = ApiDescription.Introduction,
                Contact = new OpenApiContact { Name = ApiDescription.Contact.Name, Url = ApiDescription.Contact.Url },
                License = new OpenApiLicense { Name = ApiDescription.License.Name, Url = ApiDescription.License.Url },
            },
            Servers = [new OpenApiServer { Url = serverUrl.TrimEnd('/') }],
            Paths = new OpenApiPaths(),
            Components = new OpenApiComponents
            {
                Schemas = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal),
            },
            Tags = new HashSet<OpenApiTag>(),
        };

        AddSecuritySchemes(document, security);
        AddProblemSchemas(document);
        var schemas = new JsonSchemaGenerator(document);
        foreach (var tag in ApiDescription.Operations.Select(o => o.Tag).Distinct(StringComparer.Ordinal))
        {
            document.Tags.Add(new OpenApiTag { Name = tag, Description = ApiDescription.TagDescriptions[tag] });
        }

        foreach (var description in ApiDescription.Operations)
        {
            var path = "/" + description.Route;
            if (!document.Paths.TryGetValue(path, out var item))
            {
                item = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation>() };
                document.Paths[path] = item;
            }

            ((OpenApiPathItem)item).Operations![HttpMethod.Parse(description.Method)] = Operation(document, schemas, description, security);
        }

        // References resolve through the document's workspace (validation and readers of the model need it).
        document.RegisterComponents();
        return (document, schemas.ComponentTypes);
    }

    private static OpenApiOperation Operation(OpenApiDocument document, JsonSchemaGenerator schemas, ApiOperationDescription description, OpenApiSecuritySettings security)
    {
        var roleNote = description.Role is null
            ? " No sign-in needed."
            : $" Requires the app role {description.Role}.";
        var operation = new OpenApiOperation
        {
            OperationId = description.OperationId,
            Summary = description.Summary,
            Description = description.Description + roleNote,
            Tags = new HashSet<OpenApiTagReference> { new(description.Tag, document) },
            Parameters = [.. description.Parameters.Select(p => Parameter(schemas, p))],
            Responses = new OpenApiResponses(),
            Extensions = new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal)
            {
                ["x-ms-visibility"] = Extension(description.Visibility),
            },
        };

        if (description.PagedItems is { } items)
        {
            operation.Extensions["x-ms-pageable"] = new JsonNodeExtension(new JsonObject { ["nextLinkName"] = "nextLink", ["itemName"] = items });
        }

        if (description.Trigger is { } trigger)
        {
            // What is POSTed to the callback URL: a component, described the OpenAPI 3 way (a callback on the URL the
            // request body names) and Microsoft's way (x-ms-notification-content; the Swagger 2.0 document keeps only this
            // one, its reference pointed at #/definitions/ by the fixups).
            var notificationSchema = schemas.SchemaFor(trigger.Notification);
            var notify = new OpenApiOperation
            {
                Summary = "The notification",
                Description = trigger.NotificationDescription + " Signed: webhook-id, webhook-timestamp, webhook-signature (Standard Webhooks).",
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, IOpenApiMediaType> { [Json] = new OpenApiMediaType { Schema = notificationSchema } },
                },
                Responses = new OpenApiResponses
                {
                    ["2XX"] = new OpenApiResponse { Description = "Received." },
                    ["4XX"] = new OpenApiResponse { Description = "Refused: tried again with backoff, except 410 Gone, which ends the delivery." },
                },
                // The receiver authenticates the notification by its signature, not by a token of this API.
                Security = [],
            };
            operation.Callbacks = new Dictionary<string, IOpenApiCallback>(StringComparer.Ordinal)
            {
                ["notification"] = new OpenApiCallback
                {
                    PathItems = new Dictionary<RuntimeExpression, IOpenApiPathItem>
                    {
                        [RuntimeExpression.Build($"{{$request.body#/{trigger.UrlProperty}}}")] = new OpenApiPathItem
                        {
                            Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = notify },
                        },
                    },
                },
            };
            operation.Extensions["x-ms-trigger"] = Extension("single");
            operation.Extensions["x-ms-trigger-hint"] = Extension(trigger.Hint);
            operation.Extensions["x-ms-notification-content"] = new JsonNodeExtension(new JsonObject
            {
                ["description"] = trigger.NotificationDescription,
                ["schema"] = new JsonObject { ["$ref"] = NotificationReferencePrefix + JsonSchemaGenerator.ComponentName(trigger.Notification) },
            });
        }

        if (description.Role is { } role)
        {
            operation.Extensions["x-immutableid-role"] = Extension(role);
            operation.Security =
            [
                new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(AuthorizationCodeScheme, document)] = [$"{security.ApplicationIdUri}/{OpenApiSecuritySettings.DelegatedScope}"],
                },
                new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(ClientCredentialsScheme, document)] = [$"{security.ApplicationIdUri}/.default"],
                },
            ];
        }
        else
        {
            // An empty list overrides any document-level requirement: anonymous.
            operation.Security = [];
        }

        if (description.RequestBody is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = description.RequestBodyRequired,
                Description = "JSON body.",
                Content = new Dictionary<string, IOpenApiMediaType> { [Json] = new OpenApiMediaType { Schema = schemas.SchemaFor(body) } },
            };
            if (description.RequiredBodyProperties is { Count: > 0 } required &&
                document.Components!.Schemas![JsonSchemaGenerator.ComponentName(body)] is OpenApiSchema bodySchema)
            {
                foreach (var name in required)
                {
                    bodySchema.Required!.Add(name);
                }
            }
        }

        var responses = description.Responses.ToList();
        if (description.Role is not null)
        {
            responses.Add(new(401, "No token, or a token this API does not accept (expired, wrong audience or tenant). The WWW-Authenticate header says why.",
                ProblemCodes: ["AuthenticationRequired", "InvalidToken"], Headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer challenge (RFC 6750)." }));
            responses.Add(new(403, $"The token lacks the app role {description.Role} (or the delegated scope), or the target is outside the caller's scope.",
                ProblemCodes: ["InsufficientRole", "InsufficientScope", "OutOfCallerScope"]));

            // Every authenticated call spends a permit of the caller's inbound rate limit (reads, dry runs or writes).
            responses.Add(new(429, "Your application has used its allowance for this class of call (reads, dry runs or writes); retry after Retry-After seconds. Nothing was done.",
                ProblemCodes: [RateLimiting.InboundRateLimiter.TooManyRequestsCode], Headers: new Dictionary<string, string> { ["Retry-After"] = "Seconds to wait before retrying." }));
        }

        // The gate's 401/403 and the operation's own 403s (guardrails) share a status: one response lists both.
        foreach (var response in responses.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(Merge))
        {
            operation.Responses[response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Response(document, schemas, response);
        }

        return operation;
    }

    private static ApiResponseDescription Merge(IGrouping<int, ApiResponseDescription> group)
    {
        var first = group.First();
        if (group.Count() == 1)
        {
            return first;
        }

        var headers = group.SelectMany(r => r.Headers ?? new Dictionary<string, string>()).GroupBy(h => h.Key, StringComparer.Ordinal).ToDictionary(h => h.Key, h => h.First().Value, StringComparer.Ordinal);
        return new ApiResponseDescription(
            group.Key,
            string.Join(" Or: ", group.Select(r => r.Description)),
            first.Body,
            group.SelectMany(r => r.ProblemCodes ?? []).Distinct(StringComparer.Ordinal).ToArray(),
            headers);
    }

    private static OpenApiResponse Response(OpenApiDocument document, JsonSchemaGenerator schemas, ApiResponseDescription response)
    {
        var result = new OpenApiResponse { Description = response.Description };
        if (response.IsProblem)
        {
            result.Description += " Problem codes: " + string.Join(", ", response.ProblemCodes ?? []) + ".";
            result.Content = new Dictionary<string, IOpenApiMediaType>
            {
                [ProblemJson] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            };
        }
        else if (response.MediaType is Json)
        {
            // JSON answered as text (the documents themselves): any JSON object.
            result.Content = new Dictionary<string, IOpenApiMediaType> { [Json] = new OpenApiMediaType { Schema = schemas.SchemaFor(typeof(object)) } };
        }
        else if (response.MediaType is { } mediaType)
        {
            result.Content = new Dictionary<string, IOpenApiMediaType> { [mediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } };
        }
        else if (response.Body is { } body)
        {
            result.Content = new Dictionary<string, IOpenApiMediaType> { [Json] = new OpenApiMediaType { Schema = schemas.SchemaFor(body) } };
        }

        if (response.Headers is { Count: > 0 } headers)
        {
            result.Headers = headers.ToDictionary(
                h => h.Key,
                h => (IOpenApiHeader)new OpenApiHeader { Description = h.Value, Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                StringComparer.Ordinal);
        }

        return result;
    }

    private static IOpenApiParameter Parameter(JsonSchemaGenerator schemas, ApiParameterDescription parameter)
    {
        var schema = (OpenApiSchema)schemas.SchemaFor(parameter.Type);
        schema.MaxLength = parameter.MaxLength;
        schema.Minimum = parameter.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        schema.Maximum = parameter.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = new OpenApiParameter
        {
            Name = parameter.Name,
            In = parameter.In switch
            {
                ApiParameterLocation.Path => ParameterLocation.Path,
                ApiParameterLocation.Query => ParameterLocation.Query,
                _ => ParameterLocation.Header,
            },
            Required = parameter.Required || parameter.In == ApiParameterLocation.Path,
            Description = parameter.Description,
            Schema = schema,
            Extensions = new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal)
            {
                ["x-ms-summary"] = Extension(parameter.Title),
            },
        };
        if (parameter.Visibility is { } visibility)
        {
            result.Extensions["x-ms-visibility"] = Extension(visibility);
        }

        return result;
    }

    private static void AddSecuritySchemes(OpenApiDocument document, OpenApiSecuritySettings security)
    {
        var authority = security.Authority.TrimEnd('/');
        var roles = string.Join(" ", RoleDescriptions.Select(r => $"{r.Key}: {r.Value}"));
        var scopes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [$"{security.ApplicationIdUri}/{OpenApiSecuritySettings.DelegatedScope}"] = "Call the API as the signed-in user (what the user may do comes from the app roles assigned to it).",
        };
        document.Components!.SecuritySchemes![AuthorizationCodeScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Entra ID, authorization code (a signed-in user, e.g. a Power Automate connection). App roles assigned to the user decide what it may call. " + roles,
            Flows = new OpenApiOAuthFlows
            {
                AuthorizationCode = new OpenApiOAuthFlow
                {
                    AuthorizationUrl = new Uri(authority + "/oauth2/v2.0/authorize"),
                    TokenUrl = new Uri(authority + "/oauth2/v2.0/token"),
                    RefreshUrl = new Uri(authority + "/oauth2/v2.0/token"),
                    Scopes = scopes,
                },
            },
        };
        document.Components.SecuritySchemes[ClientCredentialsScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Entra ID, client credentials (an application: ServiceNow, a script; a certificate credential is recommended). App roles granted to the application decide what it may call. " + roles,
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow
                {
                    TokenUrl = new Uri(authority + "/oauth2/v2.0/token"),
                    Scopes = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        [$"{security.ApplicationIdUri}/.default"] = "The app roles granted to the calling application.",
                    },
                },
            },
        };
    }

    private static void AddProblemSchemas(OpenApiDocument document)
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

        document.Components!.Schemas![ProblemCodeSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Title = "Reason code",
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["code"] = Text("A stable reason code."),
                ["detail"] = Text("What it means here and what to do."),
            },
            Required = new HashSet<string>(StringComparer.Ordinal) { "code", "detail" },
        };
        document.Components.Schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Title = "Problem (RFC 9457)",
            Description = "An error. 'code' is stable and machine-readable; 'detail' says what to do next; quote 'traceId' when asking for help.",
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = Text("A URI naming the problem type."),
                ["title"] = Text("A short summary of the problem type."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
                ["detail"] = Text("What went wrong here and what to do next."),
                ["instance"] = Text("The request path."),
                ["code"] = Text("The stable reason code (e.g. InvalidJson, PrivilegedTarget)."),
                ["traceId"] = Text("The request's trace id, for support."),
                ["blockers"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "Refused or failed status, set and clear (403, 404, 409, 422, 502, 503): every guardrail that blocked; 'code' is the most severe.",
                    Items = new OpenApiSchemaReference(ProblemCodeSchema, document),
                },
                ["warnings"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "Refused or failed status, set and clear: warnings found before the refusal (AnchorSourceMismatch…).",
                    Items = new OpenApiSchemaReference(ProblemCodeSchema, document),
                },
                ["operation"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "Refused or failed status, set and clear: which operation was refused.",
                    Enum = [JsonValue.Create("status"), JsonValue.Create("set"), JsonValue.Create("clear")],
                },
                ["dryRun"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Refused or failed set and clear: whether it was a dry run (a dry run is refused exactly as the real call)." },
                ["user"] = Text("Refused or failed status, set and clear: the user as the caller named it."),
                ["written"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Refused or failed status, set and clear: always false; nothing was written." },
                ["graphRequestId"] = Text("Refused or failed set and clear: Microsoft Graph's request-id when Graph answered the refusal."),
                ["lookedLike"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String | JsonSchemaType.Null,
                    Description = "Convert (400 Anchor*): the anchor form the value resembled (guid, immutableId, hex, ldapEscaped, connectorSpaceDn), or null.",
                },
                ["requiredRole"] = Text("403 InsufficientRole/InsufficientScope: the app role the operation needs."),
            },
            Required = new HashSet<string>(StringComparer.Ordinal) { "title", "status", "detail", "code", "traceId" },
            AdditionalPropertiesAllowed = true,
        };
    }

    private static JsonNodeExtension Extension(string value) => new(JsonValue.Create(value));
}
