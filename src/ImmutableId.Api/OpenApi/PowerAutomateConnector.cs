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
/// test regenerates it and fails when the committed one is stale.
/// </summary>
public static class PowerAutomateConnector
{
    /// <summary>The host written into the committed definition; replace it with your Function App's host before creating the connector.</summary>
    public const string PlaceholderHost = "func-immutableid.azurewebsites.net";

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
                }
            }

            if (item.Count == 0)
            {
                paths.Remove(path);
            }
        }

        var text = root.ToJsonString(Layout).Replace("\r\n", "\n", StringComparison.Ordinal);
        return new StringBuilder(text).Append('\n').ToString();
    }
}
