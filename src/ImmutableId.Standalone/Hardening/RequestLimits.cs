using Microsoft.AspNetCore.Http.Features;

namespace ImmutableId.Standalone.Hardening;

/// <summary>
/// The API's own limits on the request line and the request headers, enforced in the pipeline so an answer over them
/// is problem+json (414 <c>UriTooLong</c>, 431 <c>HeadersTooLarge</c>). Kestrel's own limits are set to twice these:
/// Kestrel writes its bare 414/431 before any middleware, so only requests beyond twice the limit still get those.
/// </summary>
/// <param name="MaxRequestLineBytes">Method, target and protocol (Kestrel's default limit: 8 KiB).</param>
/// <param name="MaxRequestHeadersBytes">Every header name and value (Kestrel's default limit: 32 KiB).</param>
/// <param name="MaxRequestHeaderCount">Header lines (Kestrel's default limit: 100).</param>
internal sealed record RequestLimits(int MaxRequestLineBytes, int MaxRequestHeadersBytes, int MaxRequestHeaderCount)
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Http";

    /// <summary>Kestrel's defaults: the API refuses what Kestrel would, but in the API's shape.</summary>
    public static RequestLimits Default { get; } = new(8 * 1024, 32 * 1024, 100);

    /// <summary>
    /// The limits from <c>Http:MaxRequestLineBytes</c>, <c>Http:MaxRequestHeadersBytes</c> and
    /// <c>Http:MaxRequestHeaderCount</c>, else the defaults.
    /// </summary>
    /// <exception cref="InvalidOperationException">A byte limit is not a whole number from 1 KiB to 1 MiB, or the header count not one from 10 to 1,000.</exception>
    public static RequestLimits From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new RequestLimits(
            Read(configuration, nameof(MaxRequestLineBytes), Default.MaxRequestLineBytes, 1024, 1024 * 1024, "bytes"),
            Read(configuration, nameof(MaxRequestHeadersBytes), Default.MaxRequestHeadersBytes, 1024, 1024 * 1024, "bytes"),
            Read(configuration, nameof(MaxRequestHeaderCount), Default.MaxRequestHeaderCount, 10, 1_000, "headers"));
    }

    /// <summary>414 or 431 when the request is over a limit; null when it is within them.</summary>
    public int? Exceeded(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
        if (request.Method.Length + target.Length + request.Protocol.Length + 2 > MaxRequestLineBytes)
        {
            return StatusCodes.Status414UriTooLong;
        }

        long headers = 0;
        var count = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers += name.Length + (value?.Length ?? 0) + 4; // ": " and CRLF, as on the wire
                count++; // one line each, as Kestrel counts them (repeated names are joined into one entry here)
            }
        }

        return headers > MaxRequestHeadersBytes || count > MaxRequestHeaderCount ? StatusCodes.Status431RequestHeaderFieldsTooLarge : null;
    }

    private static int Read(IConfiguration configuration, string name, int fallback, int min, int max, string unit)
    {
        var text = configuration[$"{SectionName}:{name}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{SectionName}:{name} must be a whole number of {unit} from {min} to {max}, not '{text}'.");
    }
}
