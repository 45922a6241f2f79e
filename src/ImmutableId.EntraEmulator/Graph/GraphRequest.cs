using ImmutableId.EntraEmulator.Auth;

namespace ImmutableId.EntraEmulator.Graph;

/// <summary>One Graph request, from HTTP or from inside a <c>$batch</c>.</summary>
/// <param name="Method">HTTP method, upper case.</param>
/// <param name="Path">The decoded path after <c>/v1.0</c>, starting with '/'.</param>
/// <param name="Query">Query options; system options keyed with their '$' (dollar-less forms are normalised).</param>
/// <param name="RawQuery">The decoded query as received, for the log.</param>
/// <param name="Headers">Request headers, case-insensitive.</param>
/// <param name="Body">The body text, or null.</param>
/// <param name="Caller">The validated caller.</param>
/// <param name="GraphBaseUrl">The emulator's <c>…/v1.0</c> URL, for <c>@odata.nextLink</c>.</param>
/// <param name="BatchRequestId">The id inside a batch; null for an HTTP request.</param>
/// <param name="RequestId">The request-id the emulator assigned.</param>
/// <param name="ClientRequestId">The client-request-id the caller sent, echoed back.</param>
/// <param name="Now">When it arrived.</param>
/// <param name="Version"><c>v1.0</c> or <c>beta</c>: the surface the request came in on.</param>
internal sealed record GraphRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    string RawQuery,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    CallerIdentity Caller,
    string GraphBaseUrl,
    string? BatchRequestId,
    string RequestId,
    string? ClientRequestId,
    DateTimeOffset Now,
    string Version = GraphRequest.V1)
{
    public const string V1 = "v1.0";

    public const string Beta = "beta";

    /// <summary>True on the beta surface (<c>/beta/…</c>), where beta-only properties such as onPremisesObjectIdentifier exist.</summary>
    public bool IsBeta => Version == Beta;

    /// <summary>An error answer in Graph's shape for this request.</summary>
    public GraphResponse Error(int status, string code, string message, System.Text.Json.Nodes.JsonArray? details = null) =>
        GraphErrors.Create(status, code, message, RequestId, ClientRequestId, Now, details);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? Option(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>True when the caller asked for an eventually consistent (advanced) query.</summary>
    public bool IsEventual => string.Equals(Header("ConsistencyLevel"), "eventual", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a query string (without '?') into options: keys decoded, '$' added to known system options given without it.</summary>
    public static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Decode(pair[(eq + 1)..]);
            if (!key.StartsWith('$') && SystemOptions.Contains("$" + key))
            {
                key = "$" + key;
            }

            if (result.ContainsKey(key))
            {
                throw new GraphQueryException(GraphErrorCodes.BadRequest, $"Query option '{key}' was specified more than once, but it must be specified at most once.");
            }

            result[key] = value;
        }

        return result;
    }

    private static readonly HashSet<string> SystemOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "$filter", "$select", "$top", "$count", "$skiptoken", "$expand", "$orderby", "$search", "$skip", "$format",
    };

    private static string Decode(string s)
    {
        try
        {
            return Uri.UnescapeDataString(s.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            throw new GraphQueryException(GraphErrorCodes.BadRequest, "The query string is not correctly encoded.");
        }
    }
}
