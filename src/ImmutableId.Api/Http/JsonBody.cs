using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Http;

/// <summary>Reads a small JSON request body strictly: size-capped, JSON only, malformed input answered as a problem.</summary>
public static class JsonBody
{
    /// <summary>No request of this API needs more than this; larger bodies get 413 without being read to the end.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Reads the body as <typeparamref name="T"/>, or returns the problem to answer with.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken = default)
        where T : class
    {
        var context = request.HttpContext;
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge(context));
        }

        if (!string.IsNullOrEmpty(request.ContentType) && !IsJson(request.ContentType))
        {
            return (null, ApiProblem.Create(
                context,
                StatusCodes.Status415UnsupportedMediaType,
                ProblemCodes.UnsupportedMediaType,
                "Unsupported media type",
                $"The body was sent as '{request.ContentType}'. Send JSON with Content-Type: application/json."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return (null, TooLarge(context));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Unreadable(context, ex));
        }

        if (buffer.Length == 0)
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
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ApiJson.Options);
            if (value is null)
            {
                return (null, InvalidJson(context, "The body is JSON null; send a JSON object."));
            }

            return (value, null);
        }
        catch (JsonException ex)
        {
            // The exception's message names the position and expected token, never our code: safe to echo.
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            return (null, InvalidJson(context, $"The body is not a valid JSON object of the expected shape{where}. Check quoting and field types."));
        }
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
