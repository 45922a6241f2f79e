using System.Globalization;
using System.Text.Json.Nodes;

namespace ImmutableId.EntraEmulator.Graph;

/// <summary>Error bodies in Graph's exact shape: <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>.</summary>
internal static class GraphErrors
{
    public static GraphResponse Create(
        int status, string code, string message, string requestId, string? clientRequestId, DateTimeOffset now, JsonArray? details = null)
    {
        var error = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
        };
        if (details is not null)
        {
            error["details"] = details;
        }

        error["innerError"] = new JsonObject
        {
            ["date"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
            ["request-id"] = requestId,
            ["client-request-id"] = clientRequestId ?? requestId,
        };
        return GraphResponse.Json(status, new JsonObject { ["error"] = error });
    }

    /// <summary>One entry of <c>error.details</c>.</summary>
    public static JsonObject Detail(string code, string message, string target) =>
        new() { ["code"] = code, ["message"] = message, ["target"] = target };
}
