using System.Text.Json.Nodes;

namespace ImmutableId.EntraEmulator.Graph;

/// <summary>What the emulator answers to one Graph request.</summary>
internal sealed record GraphResponse(int Status, JsonNode? Body, Dictionary<string, string> Headers)
{
    public static GraphResponse Json(int status, JsonNode body) =>
        new(status, body, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json; charset=utf-8" });

    public static GraphResponse NoContent() => new(204, null, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
}
