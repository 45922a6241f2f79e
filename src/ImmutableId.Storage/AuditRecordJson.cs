using System.Text.Json;
using System.Text.Json.Serialization;
using ImmutableId.Core.Audit;

namespace ImmutableId.Storage;

/// <summary>How both stores serialize a whole audit record (one JSON document per record).</summary>
internal static class AuditRecordJson
{
    private static readonly JsonSerializerOptions Options = Create();

    public static string Serialize(AuditRecord record) => JsonSerializer.Serialize(record, Options);

    public static AuditRecord Deserialize(string json) =>
        JsonSerializer.Deserialize<AuditRecord>(json, Options) ?? throw new InvalidDataException("An audit record in the store is JSON null.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
