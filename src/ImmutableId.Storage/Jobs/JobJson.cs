using System.Text.Json;
using System.Text.Json.Serialization;
using ImmutableId.Core.Jobs;

namespace ImmutableId.Storage.Jobs;

/// <summary>How both stores serialize jobs, items and the write budget (one JSON document each).</summary>
internal static class JobJson
{
    private static readonly JsonSerializerOptions Options = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is JSON null.");

    /// <summary>The codes column: <c>,A,B,</c>, so one code is found with LIKE '%,A,%' (and an empty list is <c>,</c>).</summary>
    public static string Codes(IReadOnlyList<string> codes) => "," + string.Concat(codes.Select(c => c + ","));

    /// <summary>A page token: the last index returned.</summary>
    public static int ParseToken(string? token)
    {
        if (token is null)
        {
            return -1;
        }

        return int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < Job.MaxItems
            ? index
            : throw new ArgumentException("The continuation token is not one this store issued.", nameof(token));
    }

    public static JobItem Complete(JobItem item, JobItemOutcome outcome) => item with
    {
        Status = outcome.Status,
        Codes = outcome.Codes,
        OperationId = outcome.OperationId ?? item.OperationId,
        CloudId = outcome.CloudId,
        OnPremDistinguishedName = outcome.OnPremDistinguishedName,
        Anchor = outcome.Anchor,
        Detail = outcome.Detail,
        ClaimedUntil = null,
        CompletedAt = outcome.CompletedAt,
    };

    /// <summary>True when <paramref name="item"/> may be claimed at <paramref name="now"/>.</summary>
    public static bool Claimable(JobItem item, DateTimeOffset now) =>
        item.Status == JobItemStatus.Queued || (item.Status == JobItemStatus.Running && (item.ClaimedUntil is null || item.ClaimedUntil <= now));

    /// <summary>The item is running under this worker's claim (its operation id).</summary>
    public static bool HeldBy(JobItem item, Guid operationId) =>
        item.Status == JobItemStatus.Running && item.OperationId == operationId;

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
