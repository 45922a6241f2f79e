using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImmutableId.Api.OpenApi;

/// <summary>
/// What Microsoft.OpenApi's Swagger 2.0 writer leaves out or carries over from the OpenAPI 3 model, fixed on the JSON:
/// anonymous operations get <c>security: []</c> (the writer drops an empty list, so they would inherit nothing and
/// linters and connectors could not tell "anonymous" from "undocumented"), and a schema that only wraps one <c>$ref</c>
/// in <c>allOf</c> (OpenAPI 3.0's way to make a reference nullable) becomes the plain reference (Swagger 2.0 has no
/// nullable reference, and connectors lose fields behind such wrappers); a webhook trigger's <c>x-ms-notification-content</c>
/// reference (an extension, which the writer leaves as it is) points at <c>#/definitions/</c>; definitions no operation
/// reaches (a oneOf's other contracts) are dropped.
/// </summary>
internal static class Swagger2Fixups
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Apply(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        if (root["paths"] is JsonObject paths)
        {
            foreach (var (_, item) in paths)
            {
                foreach (var (_, operation) in item!.AsObject())
                {
                    if (operation is JsonObject op && !op.ContainsKey("security") && !op.ContainsKey("x-immutableid-role"))
                    {
                        op["security"] = new JsonArray();
                    }

                    if (operation?["x-ms-notification-content"]?["schema"] is JsonObject notification &&
                        (string?)notification["$ref"] is { } target && target.StartsWith(OpenApiDocumentFactory.NotificationReferencePrefix, StringComparison.Ordinal))
                    {
                        notification["$ref"] = "#/definitions/" + target[OpenApiDocumentFactory.NotificationReferencePrefix.Length..];
                    }
                }
            }
        }

        var flattened = Flatten(root)!.AsObject();
        DropUnreferencedDefinitions(flattened);
        return flattened.ToJsonString(Indented);
    }

    /// <summary>
    /// Removes the definitions no operation reaches: Swagger 2.0 has no <c>oneOf</c>, so the writer keeps a oneOf's first
    /// contract only, and the others would be definitions nothing refers to.
    /// </summary>
    private static void DropUnreferencedDefinitions(JsonObject root)
    {
        if (root["definitions"] is not JsonObject definitions)
        {
            return;
        }

        const string Prefix = "#/definitions/";
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(References(root.Where(p => p.Key != "definitions").Select(p => p.Value)));
        while (pending.TryPop(out var name))
        {
            if (reached.Add(name) && definitions[name] is { } definition)
            {
                foreach (var next in References([definition]))
                {
                    pending.Push(next);
                }
            }
        }

        foreach (var name in definitions.Select(d => d.Key).Where(n => !reached.Contains(n)).ToList())
        {
            definitions.Remove(name);
        }

        static IEnumerable<string> References(IEnumerable<JsonNode?> nodes) => nodes.SelectMany(node => node switch
        {
            JsonObject obj => obj.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v && v.GetValue<string>().StartsWith(Prefix, StringComparison.Ordinal)
                ? [v.GetValue<string>()[Prefix.Length..]]
                : References([p.Value])),
            JsonArray array => References(array),
            _ => [],
        });
    }

    /// <summary>Replaces every <c>{allOf: [{$ref}], …}</c> by <c>{$ref}</c>, depth first.</summary>
    private static JsonNode? Flatten(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["allOf"] is JsonArray { Count: 1 } allOf && allOf[0] is JsonObject only && only.Count == 1 && only["$ref"] is JsonValue reference)
                {
                    return new JsonObject { ["$ref"] = reference.GetValue<string>() };
                }

                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var value = obj[key];
                    var flattened = Flatten(value);
                    if (!ReferenceEquals(flattened, value))
                    {
                        obj[key] = flattened;
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var value = array[i];
                    var flattened = Flatten(value);
                    if (!ReferenceEquals(flattened, value))
                    {
                        array[i] = flattened;
                    }
                }

                return array;
            default:
                return node;
        }
    }
}
