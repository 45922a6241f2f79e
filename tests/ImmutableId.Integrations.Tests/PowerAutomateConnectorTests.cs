using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImmutableId.Api.OpenApi;

namespace ImmutableId.Integrations.Tests;

/// <summary>
/// The connector package in integrations/power-automate: regenerated from the API description it must equal the
/// committed file, and it must keep the documented custom-connector rules (sources in the README of that folder):
/// CS = learn.microsoft.com/connectors/custom-connectors/coding-standards,
/// EXT = learn.microsoft.com/connectors/custom-connectors/openapi-extensions.
/// </summary>
public sealed partial class PowerAutomateConnectorTests
{
    private static readonly string Folder = Path.Combine(Repository.Integrations, "power-automate");
    private static readonly string DefinitionPath = Path.Combine(Folder, "apiDefinition.swagger.json");
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task ApiDefinition_RegeneratedFromTheDescription_EqualsTheCommittedFile()
    {
        var fresh = await PowerAutomateConnector.CreateDefinitionAsync();
        if (Environment.GetEnvironmentVariable("IMMUTABLEID_REGENERATE") == "1")
        {
            await File.WriteAllTextAsync(DefinitionPath, fresh);
        }

        var committed = await File.ReadAllTextAsync(DefinitionPath);

        Assert.True(fresh == committed,
            "integrations/power-automate/apiDefinition.swagger.json is stale: regenerate it with " +
            "IMMUTABLEID_REGENERATE=1 dotnet test tests/ImmutableId.Integrations.Tests --filter FullyQualifiedName~PowerAutomateConnector and commit it.");
    }

    [Fact]
    public void ApiDefinition_Layout_FourSpaceIndentationNoTabsNoTrailingSpaces()
    {
        // CS: "Use soft tabs with four spaces, don't use hard tabs"; "Remove trailing space".
        var lines = File.ReadAllLines(DefinitionPath);

        Assert.All(lines, line => Assert.DoesNotContain('\t', line));
        Assert.All(lines, line => Assert.False(line.Length > 0 && char.IsWhiteSpace(line[^1]), $"trailing space: '{line}'"));
        Assert.All(lines, line => Assert.Equal(0, (line.Length - line.TrimStart(' ').Length) % 4));
    }

    [Fact]
    public void ApiDefinition_Document_IsSwagger2WithHttpsHostAndBasePath()
    {
        // CS: "SwaggerOpenAPI version (currently, only 2.0 is supported)"; host and schemes come from the definition.
        var root = Definition();

        Assert.Equal("2.0", (string?)root["swagger"]);
        Assert.Matches("^[a-z0-9.-]+$", (string?)root["host"]);
        Assert.StartsWith("/", (string?)root["basePath"], StringComparison.Ordinal);
        Assert.Equal(["https"], root["schemes"]!.AsArray().Select(s => (string?)s));
        Assert.InRange(((string?)root["info"]!["title"])!.Length, 1, 30);
    }

    [Fact]
    public void ApiDefinition_Security_OneOAuth2AuthorizationCodeDefinitionUsedByEveryAction()
    {
        // A connector has one connection type; Entra ID OAuth connections run the authorization code flow
        // (swagger "accessCode"), not client credentials ("application").
        var root = Definition();
        var definition = Assert.Single(root["securityDefinitions"]!.AsObject());

        Assert.Equal("oauth2", (string?)definition.Value!["type"]);
        Assert.Equal("accessCode", (string?)definition.Value["flow"]);
        foreach (var (id, operation) in Operations(root))
        {
            var requirement = Assert.Single(operation["security"]!.AsArray())!.AsObject();
            Assert.True(requirement.ContainsKey(definition.Key), id);
        }
    }

    [Fact]
    public void ApiDefinition_Actions_FollowTheNamingAndDescriptionRules()
    {
        var operations = Operations(Definition()).ToList();

        Assert.NotEmpty(operations);
        foreach (var (id, operation) in operations)
        {
            // CS: PascalCase operationId without hyphens or underscores.
            Assert.Matches("^[A-Z][a-zA-Z0-9]*$", id);
            var summary = (string?)operation["summary"];
            var description = (string?)operation["description"];

            // CS: always a summary and a description; the description ends with a period; they differ.
            // EXT: summary in sentence case. Connector UIs show the summary as the action name: short, no trailing punctuation.
            Assert.False(string.IsNullOrWhiteSpace(summary), id);
            Assert.False(string.IsNullOrWhiteSpace(description), id);
            Assert.EndsWith(".", description, StringComparison.Ordinal);
            Assert.NotEqual(summary, description);
            Assert.True(summary!.Length <= 80 && SentenceCase().IsMatch(summary), $"{id}: summary '{summary}'");

            // EXT: x-ms-visibility is important, advanced or internal.
            Assert.Contains((string?)operation["x-ms-visibility"], new[] { "important", "advanced", "internal" });

            // CS: success codes as 2xx responses, not only "default".
            Assert.Contains(operation["responses"]!.AsObject(), r => r.Key.StartsWith('2'));
        }
    }

    [Fact]
    public void ApiDefinition_Parameters_HaveTitleCaseSummariesAndOneFieldPerValue()
    {
        foreach (var (id, operation) in Operations(Definition()))
        {
            var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
            foreach (var parameter in parameters.Where(p => (string?)p["in"] != "body"))
            {
                // EXT: x-ms-summary in title case; x-ms-visibility one of the three values.
                var title = (string?)parameter["x-ms-summary"];
                Assert.True(title is not null && TitleCase().IsMatch(title), $"{id}.{parameter["name"]}: x-ms-summary '{title}'");
                if (parameter["x-ms-visibility"] is { } visibility)
                {
                    Assert.Contains((string?)visibility, new[] { "important", "advanced", "internal" });
                }

                // An internal field is hidden from the maker: it must not be one they are required to fill.
                Assert.False((string?)parameter["x-ms-visibility"] == "internal" && (bool?)parameter["required"] == true && parameter["default"] is null, $"{id}.{parameter["name"]}");
            }

            // The same value offered twice on one card (e.g. "Ticket" as a query, a header and a body field) confuses makers.
            var titles = parameters.Select(p => (string?)p["x-ms-summary"] ?? (string?)p["name"]).ToList();
            Assert.Equal(titles.Count, titles.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.False(parameters.Any(p => (string?)p["name"] == "X-Ticket-Id") && parameters.Any(p => (string?)p["in"] == "body"), $"{id}: ticket twice");
            Assert.False((string?)operation["operationId"] == "ClearImmutableId" && parameters.Any(p => (string?)p["in"] == "body"), $"{id}: DELETE with a body");
        }
    }

    [Fact]
    public void ApiDefinition_Schemas_HaveNoSingleReferenceAllOfAndNoReferenceSiblings()
    {
        // Fields behind an allOf wrapper go missing or break in flows; Swagger 2.0 ignores keywords beside $ref.
        var offending = new List<string>();
        Walk(Definition(), "$", offending);

        Assert.Empty(offending);
    }

    [Fact]
    public void ApiDefinition_HostAndContact_ArePlaceholdersNoOneElseCanOwn()
    {
        // RFC 2606 reserves example.com: a placeholder there can never send a maker's calls to someone else's host.
        var root = Definition();

        Assert.EndsWith(".example.com", (string?)root["host"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace((string?)root["info"]!["contact"]?["name"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)root["info"]!["license"]?["name"]));
    }

    [Fact]
    public void ApiDefinition_PagedLists_AreXMsPageable()
    {
        // EXT: x-ms-pageable with nextLinkName lets a flow read every page (Settings > Pagination); the link must be absolute.
        var root = Definition();
        var paged = Operations(root).Where(o => Ok(root, o.Operation)?["properties"]?["nextLink"] is not null).ToList();

        Assert.Equal(["ListJobItems", "ListOperations"], paged.Select(p => p.Id).Order(StringComparer.Ordinal));
        foreach (var (id, operation) in paged)
        {
            var pageable = operation["x-ms-pageable"];
            Assert.True(pageable is not null, $"{id}: no x-ms-pageable");
            Assert.Equal("nextLink", (string?)pageable["nextLinkName"]);
            Assert.Equal("array", (string?)Ok(root, operation)!["properties"]![(string)pageable["itemName"]!]?["type"]);
        }
    }

    [Fact]
    public void ApiDefinition_EveryAction_Declares429WithRetryAfter()
    {
        foreach (var (id, operation) in Operations(Definition()))
        {
            var tooMany = operation["responses"]!["429"];
            Assert.True(tooMany?["headers"]?["Retry-After"] is not null, $"{id}: no 429 with Retry-After");
        }
    }

    [Fact]
    public void ApiDefinition_SubmitJob_WaitsForTheJobsEndThroughTheAsynchronousPattern()
    {
        // Power Automate's asynchronous pattern: an action answered 202 polls Location while it answers 202 (after
        // Retry-After). The submit action always sends Prefer: respond-async, so its Location is the status monitor.
        var operations = Operations(Definition()).ToDictionary(o => o.Id, o => o.Operation);
        var submit = operations["SubmitJob"];
        var prefer = submit["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "Prefer")!;

        Assert.Equal("header", (string?)prefer["in"]);
        Assert.Equal("internal", (string?)prefer["x-ms-visibility"]);
        Assert.True((bool?)prefer["required"]);
        Assert.Equal("respond-async", (string?)prefer["default"]);
        Assert.Equal("#/definitions/JobView", (string?)submit["responses"]!["200"]!["schema"]!["$ref"]);
        Assert.Equal("#/definitions/JobView", (string?)submit["responses"]!["202"]!["schema"]!["$ref"]);

        // The status monitor is there for the engine to poll, not an action makers pick.
        var status = operations["GetJobStatus"];
        Assert.Equal("internal", (string?)status["x-ms-visibility"]);
        Assert.NotNull(status["responses"]!["202"]!["headers"]!["Location"]);
        Assert.NotNull(status["responses"]!["202"]!["headers"]!["Retry-After"]);
        Assert.Equal("#/definitions/JobView", (string?)status["responses"]!["200"]!["schema"]!["$ref"]);
    }

    [Fact]
    public void ApiDefinition_CreateWebhook_IsTheWebhookTriggerWhenABulkJobEnds()
    {
        // EXT: x-ms-trigger on the subscription, x-ms-notification-url (internal) on the field the platform fills with its
        // callback URL, x-ms-notification-content for what is POSTed there; the 201 carries Location, which the platform
        // DELETEs to unsubscribe, so that DELETE must be an operation of the connector too.
        var definition = Definition();
        var operations = Operations(definition).ToDictionary(o => o.Id, o => o.Operation);
        var trigger = operations["CreateWebhook"];

        Assert.Equal("single", (string?)trigger["x-ms-trigger"]);
        Assert.Equal("When a bulk job ends", (string?)trigger["summary"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)trigger["x-ms-trigger-hint"]));
        var notification = (string?)trigger["x-ms-notification-content"]!["schema"]!["$ref"];
        Assert.Equal("#/definitions/WebhookEventPayload", notification);
        Assert.NotNull(definition["definitions"]!["WebhookEventPayload"]!["properties"]!["data"]);
        Assert.NotNull(trigger["responses"]!["201"]!["headers"]!["Location"]);

        var body = (string)trigger["parameters"]!.AsArray().Single(p => (string?)p!["in"] == "body")!["schema"]!["$ref"]!;
        var properties = definition["definitions"]![body["#/definitions/".Length..]]!["properties"]!;
        Assert.True((bool?)properties["url"]!["x-ms-notification-url"]);
        Assert.Equal("internal", (string?)properties["url"]!["x-ms-visibility"]);
        Assert.Equal("internal", (string?)properties["events"]!["x-ms-visibility"]);
        Assert.Null(properties["jobId"]!["x-ms-visibility"]);

        var unsubscribe = operations["DeleteWebhook"];
        Assert.Equal("internal", (string?)unsubscribe["x-ms-visibility"]);
        Assert.NotNull(definition["paths"]!["/webhooks/{id}"]!["delete"]);
        Assert.Single(operations.Values, o => o["x-ms-trigger"] is not null);
    }

    [Fact]
    public void ApiDefinition_GetJobItemsCsv_ProducesTextCsvWithAStringSchema()
    {
        var operation = Operations(Definition()).Single(o => o.Id == "GetJobItemsCsv").Operation;

        Assert.Contains("text/csv", operation["produces"]!.AsArray().Select(p => (string?)p));
        Assert.Equal("string", (string?)operation["responses"]!["200"]!["schema"]?["type"]);
    }

    [Fact]
    public void ApiDefinition_DryRun_DefaultsToTrueEverywhereAMakerCanLeaveItBlank()
    {
        // A blank field must never mean a real write.
        var root = Definition();
        var fields = 0;
        foreach (var (id, operation) in Operations(root))
        {
            foreach (var parameter in operation["parameters"]?.AsArray().Select(p => p!.AsObject()) ?? [])
            {
                var dryRun = (string?)parameter["in"] == "body" ? Resolve(root, parameter["schema"])?["properties"]?["dryRun"] : (string?)parameter["name"] == "dryRun" ? parameter : null;
                if (dryRun is not null)
                {
                    fields++;
                    Assert.True((bool?)dryRun["default"] == true, $"{id}: dryRun without default true");
                }
            }
        }

        Assert.Equal(3, fields);
    }

    [Fact]
    public void ApiDefinition_Definitions_AreEachUsedByAnAction()
    {
        var root = Definition();
        var text = root["paths"]!.ToJsonString();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(References(text));
        while (pending.TryDequeue(out var name))
        {
            if (used.Add(name))
            {
                foreach (var next in References(root["definitions"]![name]!.ToJsonString()))
                {
                    pending.Enqueue(next);
                }
            }
        }

        var unused = root["definitions"]!.AsObject().Select(d => d.Key).Except(used).ToList();
        Assert.True(unused.Count == 0, "unused definitions: " + string.Join(", ", unused));
    }

    [Fact]
    public void ApiProperties_Connection_IsEntraIdOAuthForTheApisApplicationIdUri()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "apiProperties.json")))!;
        var token = root["properties"]!["connectionParameters"]!["token"]!;
        var oauth = token["oAuthSettings"]!;

        Assert.Equal("oauthSetting", (string?)token["type"]);
        Assert.Equal("aad", (string?)oauth["identityProvider"]);
        var resource = (string?)oauth["customParameters"]!["resourceUri"]!["value"];
        Assert.StartsWith("api://", resource, StringComparison.Ordinal);
        Assert.Equal(resource, (string?)oauth["properties"]!["AzureActiveDirectoryResourceId"]);
        Assert.Contains($"{resource}/{OpenApiSecuritySettings.DelegatedScope}", oauth["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.Matches("^#[0-9a-f]{6}$", (string?)root["properties"]!["iconBrandColor"]);
    }

    [Fact]
    public void ApiProperties_Connection_UsesThePerConnectorRedirectUri()
    {
        // learn.microsoft.com/connectors/custom-connectors/azure-active-directory-authentication: OAuth 2.0 custom
        // connectors use a per-connector redirect URI (existing ones had to move before 17 February 2024); the shared
        // https://global.consent.azure-apim.net/redirect no longer completes new connections.
        var oauth = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "apiProperties.json")))!["properties"]!["connectionParameters"]!["token"]!["oAuthSettings"]!;

        Assert.Equal("GlobalPerConnector", (string?)oauth["redirectMode"]);
        Assert.NotEqual("https://global.consent.azure-apim.net/redirect", (string?)oauth["redirectUrl"]);
    }

    [Fact]
    public void Package_Files_AreThoseTheConnectorCliReads()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "settings.json")))!;
        foreach (var key in new[] { "apiProperties", "apiDefinition", "icon" })
        {
            Assert.True(File.Exists(Path.Combine(Folder, (string)settings[key]!)), key);
        }

        // The icon: a square PNG, well under 1 MB.
        var icon = File.ReadAllBytes(Path.Combine(Folder, (string)settings["icon"]!));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a }, icon[..8]);
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(icon.AsSpan(16, 4));
        var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(icon.AsSpan(20, 4));
        Assert.Equal(width, height);
        Assert.InRange(icon.Length, 1, 1024 * 1024 - 1);
        Assert.InRange(new FileInfo(DefinitionPath).Length, 1, 1024 * 1024 - 1);
    }

    [Fact]
    public async Task RulesCheck_KnownViolations_AreCaught()
    {
        // The rules above must be able to fail: the raw Swagger 2.0 document (two security definitions, client
        // credentials, anonymous operations) breaks the security rule.
        var raw = JsonNode.Parse(await OpenApiDocumentFactory.WriteAsync("https://x.example/api", Microsoft.OpenApi.OpenApiSpecVersion.OpenApi2_0))!;

        Assert.Equal(2, raw["securityDefinitions"]!.AsObject().Count);
        Assert.Contains(raw["securityDefinitions"]!.AsObject(), d => (string?)d.Value!["flow"] == "application");
        Assert.DoesNotMatch(SentenceCase(), "Set a user's immutable ID (hard match)");
        var offending = new List<string>();
        Walk(JsonNode.Parse("""{"a":{"allOf":[{"$ref":"#/definitions/X"}]},"b":{"$ref":"#/definitions/X","description":"d"}}"""), "$", offending);
        Assert.Equal(2, offending.Count);
    }

    private static JsonObject Definition() => JsonNode.Parse(File.ReadAllText(DefinitionPath))!.AsObject();

    private static IEnumerable<(string Id, JsonObject Operation)> Operations(JsonObject root) =>
        root["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(m => Methods.Contains(m.Key)).Select(m => ((string)m.Value!["operationId"]!, m.Value!.AsObject())));

    private static JsonNode? Ok(JsonObject root, JsonObject operation) => Resolve(root, operation["responses"]?["200"]?["schema"]);

    private static JsonNode? Resolve(JsonObject root, JsonNode? schema) =>
        schema?["$ref"] is JsonValue reference ? root["definitions"]![reference.GetValue<string>()["#/definitions/".Length..]] : schema;

    private static IEnumerable<string> References(string json) =>
        DefinitionReference().Matches(json).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);

    private static void Walk(JsonNode? node, string path, List<string> offending)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["allOf"] is JsonArray { Count: 1 })
                {
                    offending.Add(path + ".allOf");
                }

                if (obj.ContainsKey("$ref") && obj.Count > 1 && !path.EndsWith(".properties", StringComparison.Ordinal))
                {
                    offending.Add(path + ".$ref+siblings");
                }

                foreach (var (key, value) in obj)
                {
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

    [GeneratedRegex("\"#/definitions/([^\"]+)\"")]
    private static partial Regex DefinitionReference();

    [GeneratedRegex("^[A-Z][a-z0-9]*( ([a-z0-9]+|ID|IDs|[A-Z][A-Za-z0-9]*))*$")]
    private static partial Regex SentenceCase();

    [GeneratedRegex("^([A-Z][A-Za-z0-9]*|ID|UPN|GUID|DN)( ([A-Z][A-Za-z0-9]*|ID|UPN|GUID|DN))*$")]
    private static partial Regex TitleCase();
}
