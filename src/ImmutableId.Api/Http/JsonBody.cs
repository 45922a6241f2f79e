using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Http;

/// <summary>Reads a small JSON request body strictly: size-capped, JSON only, malformed input answered as a problem.</summary>
public static class JsonBody
{
    /// <summary>No request of this API needs more than this; larger bodies get 413 without being read to the end.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Reads the body (once, at most <see cref="MaxBytes"/>) as <typeparamref name="T"/>, or returns the problem to answer with.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Refused(request) is { } refused)
        {
            // Declared too large, or not JSON: answered without reading the body.
            return (null, refused);
        }

        return Parse<T>(request, await RequestBody.ReadAsync(request, MaxBytes, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Parses a body already read (<see cref="RequestBody"/>, e.g. by the write guard) as <typeparamref name="T"/>, or
    /// returns the problem to answer with, checked in the order a reader meets them: size, media type, framing, content.
    /// </summary>
    public static (T? Value, IResult? Problem) Parse<T>(HttpRequest request, RequestBody body)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var context = request.HttpContext;
        if (Refused(request) is { } refused)
        {
            return (null, refused);
        }

        if (body.TooLarge)
        {
            return (null, TooLarge(context));
        }

        if (body.Error is { } error)
        {
            return (null, Unreadable(context, error));
        }

        if (body.Bytes.IsEmpty)
        {
            return (null, ApiProblem.Create(
                context,
                StatusCodes.Status400BadRequest,
                ProblemCodes.MissingBody,
                "Missing request body",
                "The request has no body. Send a JSON object, for example {\"value\": \"35918bc9-196d-40ea-9779-889d79b753f0\"}."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body.Bytes.Span, ApiJson.Options);
            if (value is null)
            {
                return (null, InvalidJson(context, "The body is JSON null; send a JSON object."));
            }

            return (value, null);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            return (null, InvalidJson(context, FieldProblem<T>(ex.Path) is { } field
                ? $"The field {field}{where}. Check quoting and field types."
                : $"The body is not a valid JSON object of the expected shape{where}. Check quoting and field types."));
        }
    }

    /// <summary>
    /// "'name' …" for the field a <see cref="JsonException"/> stopped at (its <c>Path</c>, e.g. <c>$.replace</c>), with the
    /// type that field takes when it is a property of <typeparamref name="T"/>; null at the top level ("$").
    /// </summary>
    internal static string? FieldProblem<T>(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$" || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return null;
        }

        var name = path[2..];
        var property = ApiJson.Options.GetTypeInfo(typeof(T)).Properties
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return property is null
            ? $"'{name}' is not valid here"
            : $"'{property.Name}' must be {Kind(property.PropertyType)}";
    }

    private static string Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(TimeSpan))
        {
            return "a string in quotes";
        }

        if (type == typeof(bool))
        {
            return "true or false (without quotes)";
        }

        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => $"\"{JsonNamingPolicy.CamelCase.ConvertName(n)}\""));
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return "a number";
        }

        return type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? "a list ([…])" : "an object ({…})";
    }

    /// <summary>
    /// The problem for a body the server could not read: sent slower than the server's minimum data rate (408), or cut
    /// off or malformed at the HTTP level (400). Never a 500.
    /// </summary>
    public static IResult Unreadable(HttpContext context, BadHttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StatusCode == StatusCodes.Status408RequestTimeout
            ? ApiProblem.Create(context, StatusCodes.Status408RequestTimeout, ProblemCodes.RequestBodyTimeout, "Request body too slow",
                "The request body arrived slower than the server accepts. Send the whole body at once and try again.")
            : exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(context)
                : ApiProblem.Create(context, StatusCodes.Status400BadRequest, ProblemCodes.InvalidRequest, "Unreadable request",
                    "The request body could not be read (it was cut off or its framing is invalid). Send it again.");
    }

    /// <summary>413 for a declared length over the bound, 415 for a body that is not JSON; else null.</summary>
    private static IResult? Refused(HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
        {
            return TooLarge(request.HttpContext);
        }

        return !string.IsNullOrEmpty(request.ContentType) && !IsJson(request.ContentType)
            ? ApiProblem.Create(
                request.HttpContext,
                StatusCodes.Status415UnsupportedMediaType,
                ProblemCodes.UnsupportedMediaType,
                "Unsupported media type",
                $"The body was sent as '{request.ContentType}'. Send JSON with Content-Type: application/json.")
            : null;
    }

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ||
        contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>413 RequestTooLarge: the body is over <see cref="MaxBytes"/>.</summary>
    public static IResult TooLarge(HttpContext context) => ApiProblem.Create(
        context,
        StatusCodes.Status413PayloadTooLarge,
        ProblemCodes.RequestTooLarge,
        "Request body too large",
        $"The body is larger than {MaxBytes / 1024} KiB; no request to this API needs that much. Send only the documented fields.");

    private static IResult InvalidJson(HttpContext context, string detail) => ApiProblem.Create(
        context,
        StatusCodes.Status400BadRequest,
        ProblemCodes.InvalidJson,
        "Invalid JSON",
        detail);
}
