using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImmutableId.Api.Http;
using ImmutableId.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace ImmutableId.Api.Tests.OpenApi;

public sealed class OpenApiDocumentTests
{
    private const string Server = "https://func-immutableid.azurewebsites.net/api";

    public static TheoryData<string> Versions => ["v3", "v2"];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task WriteAsync_EachVersion_ParsesBackWithoutErrorsOrWarnings(string version)
    {
        var json = await OpenApiDocumentFactory.WriteAsync(Server, Spec(version));

        var read = OpenApiDocument.Parse(json, "json");

        Assert.NotNull(read.Document);
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Empty(read.Diagnostic.Warnings);
        Assert.Equal(Spec(version), read.Diagnostic.SpecificationVersion);
        Assert.Equal(ApiDescription.Operations.Count, read.Document!.Paths.Values.Sum(p => p.Operations!.Count));
    }

    [Fact]
    public void Create_Model_PassesMicrosoftOpenApiValidation()
    {
        var document = OpenApiDocumentFactory.Create(Server);

        var errors = document.Validate(ValidationRuleSet.GetDefaultRuleSet());

        Assert.Empty(errors ?? []);
    }

    [Fact]
    public async Task WriteAsync_V3_IsOpenApi30WithTheServerUrlGiven()
    {
        var root = JsonNode.Parse(await OpenApiDocumentFactory.WriteAsync(Server, OpenApiSpecVersion.OpenApi3_0))!;

        Assert.StartsWith("3.0.", root["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Server, root["servers"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task WriteAsync_V2_HasNoOpenApi3OnlyConstructs()
    {
        var root = JsonNode.Parse(await OpenApiDocumentFactory.WriteAsync(Server, OpenApiSpecVersion.OpenApi2_0))!;

        Assert.Equal("2.0", root["swagger"]!.GetValue<string>());
        Assert.Equal("func-immutableid.azurewebsites.net", root["host"]!.GetValue<string>());
        Assert.Equal("/api", root["basePath"]!.GetValue<string>());
        Assert.Equal(["https"], root["schemes"]!.AsArray().Select(s => s!.GetValue<string>()));
        var offending = new List<string>();
        Walk(root, "$", offending);
        Assert.Empty(offending);
    }

    [Fact]
    public async Task WriteAsync_V2_DescribesBothEntraFlowsAsSwagger2Flows()
    {
        var root = JsonNode.Parse(await OpenApiDocumentFactory.WriteAsync(Server, OpenApiSpecVersion.OpenApi2_0))!;
        var definitions = root["securityDefinitions"]!;

        var code = definitions[OpenApiDocumentFactory.AuthorizationCodeScheme]!;
        Assert.Equal("oauth2", code["type"]!.GetValue<string>());
        Assert.Equal("accessCode", code["flow"]!.GetValue<string>());
        Assert.EndsWith("/oauth2/v2.0/authorize", code["authorizationUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("/oauth2/v2.0/token", code["tokenUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        var app = definitions[OpenApiDocumentFactory.ClientCredentialsScheme]!;
        Assert.Equal("application", app["flow"]!.GetValue<string>());
        Assert.EndsWith("/oauth2/v2.0/token", app["tokenUrl"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SecuritySchemes_AreEntraOAuth2WithTheTenantAndRoles()
    {
        var settings = new OpenApiSecuritySettings("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555", "api://immutableid-test");

        var document = OpenApiDocumentFactory.Create(Server, settings);

        var code = document.Components!.SecuritySchemes![OpenApiDocumentFactory.AuthorizationCodeScheme];
        Assert.Equal(SecuritySchemeType.OAuth2, code.Type);
        Assert.Equal(new Uri("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/v2.0/authorize"), code.Flows!.AuthorizationCode!.AuthorizationUrl);
        Assert.Contains("api://immutableid-test/access_as_user", code.Flows.AuthorizationCode.Scopes!.Keys);
        var app = document.Components.SecuritySchemes[OpenApiDocumentFactory.ClientCredentialsScheme];
        Assert.Contains("api://immutableid-test/.default", app.Flows!.ClientCredentials!.Scopes!.Keys);
        foreach (var role in new[] { "ImmutableId.Read", "ImmutableId.Write", "ImmutableId.Clear", "ImmutableId.Agent" })
        {
            Assert.Contains(role, code.Description, StringComparison.Ordinal);
            Assert.Contains(role, app.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Create_EveryOperation_HasStableIdSummaryAndSecurityUnlessAnonymous()
    {
        var document = OpenApiDocumentFactory.Create(Server);
        var operations = document.Paths.SelectMany(p => p.Value.Operations!.Select(o => (Path: p.Key, o.Key, Operation: o.Value))).ToList();

        Assert.Equal(operations.Count, operations.Select(o => o.Operation.OperationId).Distinct(StringComparer.Ordinal).Count());
        foreach (var (path, method, operation) in operations)
        {
            Assert.Matches("^[A-Z][A-Za-z0-9]+$", operation.OperationId);
            Assert.False(string.IsNullOrWhiteSpace(operation.Summary), operation.OperationId);
            Assert.False(string.IsNullOrWhiteSpace(operation.Description), operation.OperationId);
            Assert.True(operation.Extensions!.ContainsKey("x-ms-visibility"), operation.OperationId);
            var anonymous = path is "/health" or "/openapi/v3.json" or "/openapi/v2.json";
            if (anonymous)
            {
                Assert.Empty(operation.Security ?? []);
            }
            else
            {
                var schemes = operation.Security!.SelectMany(r => r.Keys).Select(k => k.Reference.Id).ToHashSet();
                Assert.Equal([OpenApiDocumentFactory.AuthorizationCodeScheme, OpenApiDocumentFactory.ClientCredentialsScheme], schemes.Order());
                Assert.Contains("401", operation.Responses!.Keys);
                Assert.Contains("403", operation.Responses.Keys);
            }

            Assert.Equal(HttpMethod.Parse(method.Method), method);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task WriteAsync_EveryAuthenticatedOperation_Declares429WithRetryAfter(string version)
    {
        // The inbound rate limiter answers 429 TooManyRequests with Retry-After to any authenticated call.
        var root = JsonNode.Parse(await OpenApiDocumentFactory.WriteAsync(Server, Spec(version)))!;

        var authenticated = Operations(root).Where(o => o.Operation.ContainsKey("x-immutableid-role")).ToList();
        Assert.NotEmpty(authenticated);
        foreach (var (id, operation) in authenticated)
        {
            var tooMany = operation["responses"]!["429"];
            Assert.True(tooMany is not null, $"{id}: no 429");
            Assert.Contains("TooManyRequests", (string?)tooMany["description"], StringComparison.Ordinal);
            Assert.True(tooMany["headers"]?["Retry-After"] is not null, $"{id}: 429 without Retry-After");
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task WriteAsync_GetJobItemsCsv_DescribesItsTextCsvBody(string version)
    {
        var root = JsonNode.Parse(await OpenApiDocumentFactory.WriteAsync(Server, Spec(version)))!;
        var operation = Operations(root).Single(o => o.Id == "GetJobItemsCsv").Operation;

        var ok = operation["responses"]!["200"]!;
        if (version == "v2")
        {
            Assert.Contains("text/csv", operation["produces"]!.AsArray().Select(p => (string?)p));
            Assert.Equal("string", (string?)ok["schema"]?["type"]);
        }
        else
        {
            Assert.Equal("string", (string?)ok["content"]?["text/csv"]?["schema"]?["type"]);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task WriteAsync_GetHealth_Declares200AsLivenessOrReadiness(string version)
    {
        var root = JsonNode.Parse(await OpenApiDocumentFactory.WriteAsync(Server, Spec(version)))!;
        var ok = Operations(root).Single(o => o.Id == "GetHealth").Operation["responses"]!["200"]!;

        if (version == "v2")
        {
            // Swagger 2.0 has no oneOf: the liveness contract, whose required fields every readiness answer also has (the
            // description names both), and no definition left that nothing refers to.
            Assert.Equal("#/definitions/HealthResponse", (string?)ok["schema"]?["$ref"]);
            Assert.Null(root["definitions"]?["ReadinessResponse"]);
        }
        else
        {
            var oneOf = ok["content"]!["application/json"]!["schema"]!["oneOf"]!.AsArray().Select(s => (string?)s!["$ref"]);
            Assert.Equal(["#/components/schemas/HealthResponse", "#/components/schemas/ReadinessResponse"], oneOf);
            Assert.Equal("Healthy", (string?)root["components"]!["schemas"]!["HealthResponse"]!["properties"]!["status"]!["enum"]![0]);
            Assert.Equal("Ready", (string?)root["components"]!["schemas"]!["ReadinessResponse"]!["properties"]!["status"]!["enum"]![0]);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task WriteAsync_PagedLists_AreXMsPageableOverTheirItems(string version)
    {
        var root = JsonNode.Parse(await OpenApiDocumentFactory.WriteAsync(Server, Spec(version)))!;

        var pageable = Operations(root).Where(o => o.Operation["x-ms-pageable"] is not null).ToDictionary(o => o.Id, o => o.Operation["x-ms-pageable"]!);
        Assert.Equal(["ListJobItems", "ListOperations"], pageable.Keys.Order(StringComparer.Ordinal));
        Assert.All(pageable.Values, p => Assert.Equal("nextLink", (string?)p["nextLinkName"]));
        Assert.All(pageable.Values, p => Assert.Equal("items", (string?)p["itemName"]));
    }

    [Fact]
    public void Create_Info_NamesAContactAndALicence()
    {
        var info = OpenApiDocumentFactory.Create(Server).Info;

        Assert.False(string.IsNullOrWhiteSpace(info.Contact?.Name));
        Assert.Equal("https", info.Contact!.Url?.Scheme);
        Assert.False(string.IsNullOrWhiteSpace(info.License?.Name));
        Assert.Equal("https", info.License!.Url?.Scheme);
    }

    private static IEnumerable<(string Id, JsonObject Operation)> Operations(JsonNode root) =>
        root["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(m => m.Value is JsonObject o && o.ContainsKey("operationId"))
            .Select(m => ((string)m.Value!["operationId"]!, m.Value!.AsObject())));

    [Fact]
    public void Create_EveryErrorResponse_IsAProblemWithCodeDetailAndTraceId()
    {
        var document = OpenApiDocumentFactory.Create(Server);
        var problem = document.Components!.Schemas![OpenApiDocumentFactory.ProblemSchema];

        Assert.Contains("code", problem.Properties!.Keys);
        Assert.Contains("detail", problem.Properties.Keys);
        Assert.Contains("traceId", problem.Properties.Keys);
        Assert.Contains("blockers", problem.Properties.Keys);
        var errors = document.Paths.Values.SelectMany(p => p.Operations!.Values).SelectMany(o => o.Responses!).Where(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture) >= 400).ToList();
        Assert.NotEmpty(errors);
        foreach (var (status, response) in errors)
        {
            var media = Assert.Single(response.Content!);
            Assert.Equal("application/problem+json", media.Key);
            Assert.Equal(OpenApiDocumentFactory.ProblemSchema, Assert.IsType<OpenApiSchemaReference>(media.Value.Schema).Reference.Id);
            Assert.Contains("Problem codes:", response.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_EveryContractSchema_HasExactlyThePropertiesApiJsonWrites()
    {
        var (document, types) = OpenApiDocumentFactory.Build(Server, OpenApiSecuritySettings.Default);

        Assert.NotEmpty(types);
        foreach (var (name, type) in types)
        {
            var wire = JsonSerializer.SerializeToNode(RuntimeHelpers.GetUninitializedObject(type), type, ApiJson.Options)!.AsObject();
            var schema = document.Components!.Schemas![name];

            Assert.Equal(wire.Select(p => p.Key).Order(StringComparer.Ordinal), schema.Properties!.Keys.Order(StringComparer.Ordinal));
            foreach (var property in type.GetProperties().Where(p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType).IsEnum))
            {
                var enumType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                var jsonName = ApiJson.Options.PropertyNamingPolicy!.ConvertName(property.Name);
                var allowed = schema.Properties[jsonName].Enum!.Select(n => n.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                foreach (var value in Enum.GetValues(enumType))
                {
                    Assert.Contains(JsonSerializer.SerializeToNode(value, enumType, ApiJson.Options)!.GetValue<string>(), allowed);
                }
            }
        }
    }

    [Fact]
    public void Build_ContractProperties_CarryTheirXmlDocsAndDisplayNames()
    {
        var (document, _) = OpenApiDocumentFactory.Build(Server, OpenApiSecuritySettings.Default);

        var immutableId = document.Components!.Schemas!["ConvertResponse"].Properties!["immutableId"];

        Assert.Contains("onPremisesImmutableId", immutableId.Description, StringComparison.Ordinal);
        Assert.Equal("Immutable ID", immutableId.Extensions!["x-ms-summary"] is JsonNodeExtension e ? e.Node.GetValue<string>() : null);
        Assert.Contains("value", document.Components.Schemas["ConvertRequest"].Required!);
    }

    [Theory]
    [InlineData("http", "localhost:7071", "", null, null, "http://localhost:7071/api")]
    [InlineData("http", "127.0.0.1:5000", "/base", null, null, "http://127.0.0.1:5000/base/api")]
    [InlineData("http", "[::1]:5000", "", null, null, "http://[::1]:5000/api")]
    [InlineData("http", "10.0.0.4", "/base", null, null, "/base/api")]
    [InlineData("http", "evil.example", "", null, null, "/api")]
    [InlineData("http", "internal", "", "https", "evil.example", "/api")]
    [InlineData("http", "internal", "", "https", "func-x.azurewebsites.net", "https://func-x.azurewebsites.net/api")]
    [InlineData("http", "internal", "", "https, http", "FUNC-X.azurewebsites.net, b.example", "https://func-x.azurewebsites.net/api")]
    [InlineData("https", "api.contoso.com:8443", "", null, null, "https://api.contoso.com:8443/api")]
    [InlineData("http", "internal", "", "gopher", "evil.example/\"><script>", "/api")]
    public void ServerUrl_NoPublicBaseUrl_UsesOnlyLoopbackOrAllowListedHosts(string scheme, string host, string pathBase, string? proto, string? forwardedHost, string expected)
    {
        var options = new OpenApiOptions();
        options.AllowedForwardedHosts.Add("func-x.azurewebsites.net");
        options.AllowedForwardedHosts.Add("api.contoso.com");

        Assert.Equal(expected, OpenApiHandler.ServerUrl(Request(scheme, host, pathBase, proto, forwardedHost), options));
    }

    [Theory]
    [InlineData("evil.example", null)]
    [InlineData("internal", "evil.example")]
    [InlineData("localhost", null)]
    public void ServerUrl_PublicBaseUrl_WinsOverEveryHeader(string host, string? forwardedHost)
    {
        var options = new OpenApiOptions { PublicBaseUrl = "https://func-immutableid.azurewebsites.net/" };

        Assert.Equal("https://func-immutableid.azurewebsites.net/api", OpenApiHandler.ServerUrl(Request("http", host, "", "http", forwardedHost), options));
    }

    [Theory]
    [InlineData("https://func-immutableid.azurewebsites.net", true)]
    [InlineData("http://localhost:7071", true)]
    [InlineData("http://func-immutableid.azurewebsites.net", false)]
    [InlineData("https://user:pw@func-immutableid.azurewebsites.net", false)]
    [InlineData("https://func-immutableid.azurewebsites.net/?x=1", false)]
    [InlineData("/relative", false)]
    public void Validate_PublicBaseUrl_MustBeAnAbsoluteHttpsUrl(string url, bool valid)
    {
        Assert.Equal(valid, new OpenApiOptions { PublicBaseUrl = url }.Validate() is null);
    }

    [Fact]
    public void Validate_AllowedForwardedHosts_MustBeHostNames()
    {
        var options = new OpenApiOptions();
        options.AllowedForwardedHosts.Add("evil.example/<script>");

        Assert.Contains("AllowedForwardedHosts", options.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_RelativeServerUrl_V2HasNoHostAndTheBasePath()
    {
        var root = JsonNode.Parse(await OpenApiDocumentFactory.WriteAsync("/api", OpenApiSpecVersion.OpenApi2_0))!;
        var v3 = JsonNode.Parse(await OpenApiDocumentFactory.WriteAsync("/api", OpenApiSpecVersion.OpenApi3_0))!;

        Assert.Null(root["host"]);
        Assert.Equal("/api", root["basePath"]!.GetValue<string>());
        Assert.Equal("/api", v3["servers"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task WriteAsync_V2_AnonymousOperationsSaySecurityEmptyAndNoSingleRefAllOfRemains()
    {
        var root = JsonNode.Parse(await OpenApiDocumentFactory.WriteAsync(Server, OpenApiSpecVersion.OpenApi2_0))!;
        var operations = root["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!.AsObject())).ToList();

        foreach (var operation in operations)
        {
            var security = Assert.IsType<JsonArray>(operation["security"], exactMatch: false);
            Assert.Equal(operation.ContainsKey("x-immutableid-role"), security.Count > 0);
        }

        Assert.DoesNotContain("\"allOf\"", root.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("#/definitions/ImmutableIdResponseCloudView", root["definitions"]!["ImmutableIdResponse"]!["properties"]!["cloud"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void Create_ProblemSchema_HasEveryFieldTheApiWrites()
    {
        var problem = OpenApiDocumentFactory.Create(Server).Components!.Schemas![OpenApiDocumentFactory.ProblemSchema];

        // ApiProblem (type…traceId), HardMatchProblems (blockers…graphRequestId), ConvertHandler (lookedLike), ApiAuthorizer (requiredRole).
        string[] written = ["type", "title", "status", "detail", "instance", "code", "traceId", "blockers", "warnings", "operation", "dryRun", "user", "written", "graphRequestId", "lookedLike", "requiredRole"];
        Assert.Equal(written.Order(StringComparer.Ordinal), problem.Properties!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Create_EveryErrorResponse_ListsEachProblemCodeOnce()
    {
        foreach (var response in OpenApiDocumentFactory.Create(Server).Paths.Values.SelectMany(p => p.Operations!.Values).SelectMany(o => o.Responses!.Values))
        {
            var marker = response.Description!.IndexOf("Problem codes: ", StringComparison.Ordinal);
            if (marker < 0)
            {
                continue;
            }

            var codes = response.Description[(marker + "Problem codes: ".Length)..].TrimEnd('.').Split(", ");
            Assert.Equal(codes.Length, codes.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void Create_Summaries_FitConnectorRules()
    {
        foreach (var operation in OpenApiDocumentFactory.Create(Server).Paths.Values.SelectMany(p => p.Operations!.Values))
        {
            Assert.Matches("^[A-Z][A-Za-z0-9 ]{0,78}[A-Za-z0-9]$", operation.Summary);
            Assert.EndsWith(".", operation.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Handle_SameServerAndVersion_WritesTheDocumentOnce()
    {
        var handler = new OpenApiHandler();

        var first = await handler.HandleV3Async(Request("http", "localhost:7071", "", null, null));
        var again = await handler.HandleV3Async(Request("http", "localhost:7071", "", null, null));
        var v2 = await handler.HandleV2Async(Request("http", "localhost:7071", "", null, null));
        var otherServer = await handler.HandleV3Async(Request("http", "localhost:7072", "", null, null));

        Assert.Same(first.Value!.Text, again.Value!.Text);
        Assert.NotSame(first.Value.Text, v2.Value!.Text);
        Assert.Contains("\"swagger\": \"2.0\"", v2.Value.Text, StringComparison.Ordinal);
        Assert.Contains("http://localhost:7072/api", otherServer.Value!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("http://localhost:7071/api", otherServer.Value.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_MoreServersThanItKeeps_StillAnswersEachWithItsOwnServer()
    {
        var handler = new OpenApiHandler();
        for (var port = 0; port < OpenApiHandler.MaxCachedDocuments; port++)
        {
            await handler.HandleV3Async(Request("http", $"127.0.0.1:{20000 + port}", "", null, null));
        }

        var past = await handler.HandleV3Async(Request("http", "127.0.0.1:30000", "", null, null));
        var pastAgain = await handler.HandleV3Async(Request("http", "127.0.0.1:30000", "", null, null));

        Assert.Contains("http://127.0.0.1:30000/api", past.Value!.Text, StringComparison.Ordinal);
        Assert.Equal(past.Value.Text, pastAgain.Value!.Text);
        Assert.NotSame(past.Value.Text, pastAgain.Value.Text);   // written for the request, not kept
    }

    private static HttpRequest Request(string scheme, string host, string pathBase, string? proto, string? forwardedHost)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        context.Request.PathBase = pathBase;
        if (proto is not null)
        {
            context.Request.Headers["X-Forwarded-Proto"] = proto;
        }

        if (forwardedHost is not null)
        {
            context.Request.Headers["X-Forwarded-Host"] = forwardedHost;
        }

        return context.Request;
    }

    private static OpenApiSpecVersion Spec(string version) => version == "v2" ? OpenApiSpecVersion.OpenApi2_0 : OpenApiSpecVersion.OpenApi3_0;

    /// <summary>Collects every OpenAPI-3-only keyword (outside property-name maps) and every $ref outside Swagger 2.0's sections.</summary>
    private static void Walk(JsonNode? node, string path, List<string> offending)
    {
        string[] openApi3Only = ["openapi", "components", "servers", "requestBody", "content", "oneOf", "anyOf", "not", "nullable", "callbacks", "links", "flows", "writeOnly", "const", "prefixItems"];
        switch (node)
        {
            case JsonObject obj:
                var isNameMap = path.EndsWith(".properties", StringComparison.Ordinal) || path.EndsWith(".definitions", StringComparison.Ordinal) ||
                    path == "$.paths" || path.EndsWith(".securityDefinitions", StringComparison.Ordinal) || path.EndsWith(".responses", StringComparison.Ordinal) ||
                    path.EndsWith(".scopes", StringComparison.Ordinal) || path.EndsWith(".headers", StringComparison.Ordinal);
                foreach (var (key, value) in obj)
                {
                    if (!isNameMap && openApi3Only.Contains(key))
                    {
                        offending.Add($"{path}.{key}");
                    }

                    if (key == "$ref" && !(value!.GetValue<string>().StartsWith("#/definitions/", StringComparison.Ordinal) ||
                                           value.GetValue<string>().StartsWith("#/parameters/", StringComparison.Ordinal) ||
                                           value.GetValue<string>().StartsWith("#/responses/", StringComparison.Ordinal)))
                    {
                        offending.Add($"{path}.$ref={value}");
                    }

                    if (key == "type" && !isNameMap && value is not JsonValue)
                    {
                        offending.Add($"{path}.type (array of types is OpenAPI 3.1)");
                    }

                    Walk(value, $"{path}.{key}", offending);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", offending);
                }

                break;
        }
    }
}
