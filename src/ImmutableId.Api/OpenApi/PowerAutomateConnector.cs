using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace ImmutableId.Api.OpenApi;

/// <summary>
/// The Power Automate / Power Apps custom connector's <c>apiDefinition.swagger.json</c>, derived from the Swagger 2.0
/// document: one connection type (Entra ID, authorization code: the only OAuth flow custom connectors run), the
/// authenticated actions only, one field per value on each action card, and the layout the connector coding standards
/// ask for (four-space indentation, no trailing spaces). <c>integrations/power-automate</c> holds the generated file; a
/// test regenerates it and fails when the committed one is stale. Every <c>dryRun</c> field defaults to true, so a maker
/// who leaves it blank gets a dry run, never an unannounced write; definitions no action uses are left out.
/// </summary>
public static class PowerAutomateConnector
{
    /// <summary>
    /// The host written into the committed definition, under the reserved example.com (RFC 2606: no one else can own it);
    /// replace it with your Function App's host before creating the connector.
    /// </summary>
    public const string PlaceholderHost = "func-immutableid.example.com";

    private const string DryRun = "dryRun";

    private const string SubmitJob = "SubmitJob";

    /// <summary>The one security definition (the name the connector tooling uses for Entra ID OAuth connections).</summary>
    public const string SecurityDefinition = "oauth2-auth";

    private static readonly JsonSerializerOptions Layout = new()
    {
        WriteIndented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The connector definition for an API at <c>https://{host}/api</c>.</summary>
    public static async Task<string> CreateDefinitionAsync(string host = PlaceholderHost, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var swagger = await OpenApiDocumentFactory.WriteAsync($"https://{host}/{ApiRoutes.Prefix}", OpenApiSpecVersion.OpenApi2_0, OpenApiSecuritySettings.Default, cancellationToken).ConfigureAwait(false);
        var root = JsonNode.Parse(swagger)!.AsObject();

        root["info"]!["title"] = "ImmutableId";
        root["securityDefinitions"] = new JsonObject
        {
            [SecurityDefinition] = new JsonObject
            {
                ["type"] = "oauth2",
                ["flow"] = "accessCode",
                ["authorizationUrl"] = "https://login.microsoftonline.com/common/oauth2/authorize",
                ["tokenUrl"] = "https://login.microsoftonline.com/common/oauth2/authorize",
                ["scopes"] = new JsonObject(),
            },
        };

        var paths = root["paths"]!.AsObject();
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths.Select(p => p.Key).ToList())
        {
            var item = paths[path]!.AsObject();
            foreach (var method in item.Select(m => m.Key).ToList())
            {
                var operation = item[method]!.AsObject();
                if (!operation.ContainsKey("x-immutableid-role") || (string?)operation["x-immutableid-role"] == Auth.AppRoles.Agent)
                {
                    // Anonymous (liveness, the documents) or agent-only (the on-prem agent's batches): not actions a flow needs.
                    item.Remove(method);
                    continue;
                }

                operation.Remove("x-immutableid-role");
                operation["security"] = new JsonArray(new JsonObject { [SecurityDefinition] = new JsonArray() });
                if (operation["parameters"] is JsonArray parameters)
                {
                    // One field per value: set takes the ticket in its body, so the X-Ticket-Id header (still accepted) is not offered.
                    foreach (var parameter in parameters.Where(p => (string?)p!["name"] == ImmutableIds.ImmutableIdHandler.TicketHeader).ToList())
                    {
                        parameters.Remove(parameter);
                    }

                    foreach (var parameter in parameters.Where(p => (string?)p!["name"] == DryRun && (string?)p["in"] != "body"))
                    {
                        parameter!["default"] = true;
                    }

                    bodies.UnionWith(parameters.Where(p => (string?)p!["in"] == "body").Select(p => (string?)p!["schema"]?["$ref"]).OfType<string>());
                }

                if ((string?)operation["operationId"] == SubmitJob)
                {
                    UseAsynchronousPattern(operation);
                }

                if (ApiDescription.Operations.FirstOrDefault(o => o.OperationId == (string?)operation["operationId"])?.Trigger is { } trigger)
                {
                    UseWebhookTrigger(root, operation, trigger);
                }
            }

            if (item.Count == 0)
            {
                paths.Remove(path);
            }
        }

        if (root["definitions"] is JsonObject definitions)
        {
            foreach (var (name, definition) in definitions)
            {
                if (bodies.Contains("#/definitions/" + name) && definition?["properties"]?[DryRun] is JsonObject dryRun)
                {
                    dryRun["default"] = true;
                }
            }

            var used = UsedDefinitions(root);
            foreach (var name in definitions.Select(d => d.Key).Where(n => !used.Contains(n)).ToList())
            {
                definitions.Remove(name);
            }
        }

        var text = root.ToJsonString(Layout).Replace("\r\n", "\n", StringComparison.Ordinal);
        return new StringBuilder(text).Append('\n').ToString();
    }

    /// <summary>
    /// The submit action waits for the job's end: it always sends <c>Prefer: respond-async</c> (an internal field: required,
    /// with its value as default, never shown), so the API's 202 carries the status monitor as Location, which Power Automate
    /// polls while it answers 202 (the asynchronous pattern); the action's outputs are the ended job, documented as its 200.
    /// </summary>
    private static void UseAsynchronousPattern(JsonObject operation)
    {
        foreach (var prefer in operation["parameters"]!.AsArray().Where(p => (string?)p!["name"] == "Prefer"))
        {
            prefer!["required"] = true;
            prefer["default"] = Jobs.JobsHandler.RespondAsync;
            prefer["enum"] = new JsonArray(Jobs.JobsHandler.RespondAsync);
        }

        var responses = operation["responses"]!.AsObject();
        if (responses["202"] is JsonObject accepted)
        {
            var ended = accepted.DeepClone().AsObject();
            ended["description"] = "The job once it ended (completed, cancelled or failed): the last answer of the status monitor the action waited on.";
            ended.Remove("headers");
            responses.Insert(0, "200", ended);
        }
    }

    /// <summary>
    /// A webhook trigger (Microsoft's custom connector rules): <c>x-ms-trigger</c>, its hint and the notification's schema
    /// (<c>x-ms-notification-content</c>: the trigger's outputs) come from the description; here the body property the
    /// platform fills with its callback URL (<c>x-ms-notification-url</c>, internal). The other body fields keep their
    /// defaults and are hidden except the ones a maker chooses (the job to watch). The platform unsubscribes by DELETEing
    /// the Location of the 201.
    /// </summary>
    private static void UseWebhookTrigger(JsonObject root, JsonObject operation, ApiWebhookTrigger trigger)
    {
        var body = operation["parameters"]!.AsArray().Single(p => (string?)p!["in"] == "body")!;
        var name = ((string)body["schema"]!["$ref"]!)["#/definitions/".Length..];
        var properties = root["definitions"]![name]!["properties"]!.AsObject();
        var url = properties[trigger.UrlProperty]!.AsObject();
        url["x-ms-notification-url"] = true;
        url["x-ms-visibility"] = "internal";
        foreach (var list in properties.Where(p => p.Key != trigger.UrlProperty && (string?)p.Value?["type"] == "array").Select(p => p.Value!.AsObject()).ToList())
        {
            list["x-ms-visibility"] = "internal";
        }
    }

    /// <summary>The definitions the paths reference, directly or through other definitions.</summary>
    private static HashSet<string> UsedDefinitions(JsonObject root)
    {
        const string prefix = "#/definitions/";
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode?>([root["paths"], root["parameters"], root["responses"]]);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key == "$ref" && value is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith(prefix, StringComparison.Ordinal))
                        {
                            var name = target[prefix.Length..];
                            if (used.Add(name))
                            {
                                pending.Push(root["definitions"]?[name]);
                            }
                        }
                        else
                        {
                            pending.Push(value);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        pending.Push(item);
                    }

                    break;
            }
        }

        return used;
    }
}
