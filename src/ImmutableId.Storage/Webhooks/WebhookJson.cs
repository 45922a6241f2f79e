using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImmutableId.Storage.Webhooks;

/// <summary>How both stores serialize subscriptions and deliveries (one JSON document each).</summary>
internal static class WebhookJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is JSON null.");
}
