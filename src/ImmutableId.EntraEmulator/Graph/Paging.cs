using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ImmutableId.EntraEmulator.Graph;

/// <summary><c>$top</c> (1–999, default 100) and <c>@odata.nextLink</c> with an opaque <c>$skiptoken</c>.</summary>
internal static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 999;

    public static int PageSize(GraphRequest request)
    {
        var top = request.Option("$top");
        if (top is null)
        {
            return DefaultPageSize;
        }

        if (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > MaxPageSize)
        {
            throw new GraphQueryException(GraphErrorCodes.RequestBadRequest, $"Invalid page size specified: '{top}'. Must be between 1 and {MaxPageSize} inclusive.");
        }

        return size;
    }

    public static int Offset(GraphRequest request)
    {
        var token = request.Option("$skiptoken");
        if (token is null)
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("emu:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw new GraphQueryException(GraphErrorCodes.RequestBadRequest, "The $skiptoken is invalid or has expired.");
    }

    /// <summary>Writes one page of <paramref name="items"/> as Graph's collection body.</summary>
    public static JsonObject Page<T>(GraphRequest request, string context, IReadOnlyList<T> items, Func<T, JsonNode> write, bool withCount)
    {
        var size = PageSize(request);
        var offset = Offset(request);
        var body = new JsonObject { ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#{context}" };
        if (withCount)
        {
            body["@odata.count"] = items.Count;
        }

        if (offset + size < items.Count)
        {
            body["@odata.nextLink"] = NextLink(request, offset + size);
        }

        body["value"] = new JsonArray(items.Skip(offset).Take(size).Select(write).ToArray());
        return body;
    }

    private static string NextLink(GraphRequest request, int offset)
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"emu:{offset.ToString(CultureInfo.InvariantCulture)}"));
        var query = request.Query
            .Where(kv => !string.Equals(kv.Key, "$skiptoken", StringComparison.OrdinalIgnoreCase))
            .Append(new KeyValuePair<string, string>("$skiptoken", token))
            .Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}");
        return $"{request.GraphBaseUrl}{EscapePath(request.Path)}?{string.Join('&', query)}";
    }

    private static string EscapePath(string path) =>
        string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
