using System.Text;
using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;

namespace ImmutableId.Entra.Graph;

/// <summary>
/// One JSON <c>$batch</c> round trip, written and read here rather than with the SDK's <c>BatchRequestContent</c>:
/// that class puts each step's URL into the body <b>percent-decoded</b> (<c>Uri.UnescapeDataString</c>, "graph batch
/// encodes for us"), so a <c>+</c> in a <c>$filter</c> literal reaches Graph as a space and an <c>&amp;</c> or
/// <c>#</c> splits the query (msgraph-sdk-dotnet #2708). Graph reads a step's URL like a request line: every query
/// value must stay percent-encoded (RFC 3986, <c>+</c> as <c>%2B</c>). The steps' URLs are the ones Kiota's URL
/// templates build, kept encoded exactly as a direct request would send them.
/// </summary>
internal static class GraphBatch
{
    /// <summary>The most requests one <c>$batch</c> may hold.</summary>
    public const int MaxSteps = 20;

    /// <summary>The step's URL relative to the Graph version root, still percent-encoded (e.g. <c>/users?%24filter=…%2B…</c>).</summary>
    public static string RelativeUrl(RequestInformation step, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(step);
        var absolute = step.URI.AbsoluteUri;   // AbsoluteUri keeps the escapes as built (OriginalString may hold '{+baseurl}' forms)
        var root = baseUrl.TrimEnd('/');
        if (!absolute.StartsWith(root, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"A $batch step must address the batch's own Graph version ({root}); it addressed {absolute}.");
        }

        var relative = absolute[root.Length..];
        return relative.StartsWith('/') ? relative : "/" + relative;
    }

    /// <summary>The <c>$batch</c> body for <paramref name="steps"/> (id → request).</summary>
    public static byte[] Body(IEnumerable<KeyValuePair<string, RequestInformation>> steps, string baseUrl)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("requests");
            var count = 0;
            foreach (var (id, step) in steps)
            {
                if (++count > MaxSteps)
                {
                    throw new InvalidOperationException($"A $batch holds at most {MaxSteps} requests.");
                }

                writer.WriteStartObject();
                writer.WriteString("id", id);
                writer.WriteString("method", step.HttpMethod.ToString().ToUpperInvariant());
                writer.WriteString("url", RelativeUrl(step, baseUrl));
                var headers = step.Headers.Where(h => !string.Equals(h.Key, "Accept", StringComparison.OrdinalIgnoreCase)).ToList();
                if (headers.Count > 0)
                {
                    writer.WriteStartObject("headers");
                    foreach (var (name, values) in headers)
                    {
                        writer.WriteString(name, string.Join(", ", values));
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Sends one <c>$batch</c> and answers each step's status, headers and body (as JSON text).</summary>
    public static async Task<Dictionary<string, BatchStepResult>> SendAsync(
        GraphServiceClient graph,
        IEnumerable<KeyValuePair<string, RequestInformation>> steps,
        CancellationToken cancellationToken)
    {
        var baseUrl = graph.RequestAdapter.BaseUrl ?? throw new InvalidOperationException("The Graph client has no base URL.");
        var info = new RequestInformation { HttpMethod = Method.POST, URI = new Uri(baseUrl.TrimEnd('/') + "/$batch") };
        info.Headers.Add("Accept", "application/json");
        info.SetStreamContent(new MemoryStream(Body(steps, baseUrl)), "application/json");
        var stream = await graph.RequestAdapter.SendPrimitiveAsync<Stream>(info, GraphEntraDirectory.ErrorMapping, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("Microsoft Graph answered the $batch with an empty body.");
        await using (stream.ConfigureAwait(false))
        {
            using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Parse(json.RootElement);
        }
    }

    /// <summary>Reads a <c>$batch</c> answer: <c>{"responses":[{"id","status","headers","body"}]}</c>.</summary>
    public static Dictionary<string, BatchStepResult> Parse(JsonElement root)
    {
        var results = new Dictionary<string, BatchStepResult>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("responses", out var responses) || responses.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("Microsoft Graph answered the $batch without a responses array.");
        }

        foreach (var response in responses.EnumerateArray())
        {
            if (!response.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String ||
                !response.TryGetProperty("status", out var status) || !status.TryGetInt32(out var code))
            {
                throw new InvalidDataException("Microsoft Graph answered a $batch step without an id or a status.");
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (response.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in h.EnumerateObject())
                {
                    headers[header.Name] = header.Value.ValueKind == JsonValueKind.String
                        ? header.Value.GetString() ?? string.Empty
                        : header.Value.GetRawText();
                }
            }

            var body = !response.TryGetProperty("body", out var b) || b.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
                ? string.Empty
                : b.ValueKind == JsonValueKind.String ? Decode(b.GetString()!) : b.GetRawText();
            results[id.GetString()!] = new BatchStepResult(code, headers, body);
        }

        return results;
    }

    // A body that is not JSON comes back Base64-encoded (json-batching); decode it, or keep the text as it came.
    private static string Decode(string text)
    {
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : text;
    }
}

/// <summary>One step's answer inside a <c>$batch</c>.</summary>
/// <param name="Status">The step's HTTP status.</param>
/// <param name="Headers">The step's response headers.</param>
/// <param name="Body">The step's body as JSON text (empty when it had none).</param>
internal sealed record BatchStepResult(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The step's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter => Headers.TryGetValue("Retry-After", out var value) ? GraphRetryPolicy.RetryAfter(value) : null;
}
