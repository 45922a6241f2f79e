using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Http;

/// <summary>
/// A request body read once, bounded: the one reader of every endpoint (JSON bodies, job input, agent batches, the
/// write guard's idempotency fingerprint). A body over the bound is not read to its end.
/// </summary>
public sealed class RequestBody
{
    private RequestBody(byte[] bytes, bool tooLarge, BadHttpRequestException? error)
    {
        Bytes = bytes;
        TooLarge = tooLarge;
        Error = error;
    }

    /// <summary>The bytes read (empty when the body was too large or unreadable).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>True when the body (declared or sent) is larger than the bound.</summary>
    public bool TooLarge { get; }

    /// <summary>Why the server could not read the body (too slow, cut off, bad framing), or null.</summary>
    public BadHttpRequestException? Error { get; }

    /// <summary>True when the whole body was read.</summary>
    public bool Complete => !TooLarge && Error is null;

    /// <summary>A request without a body.</summary>
    public static RequestBody Empty { get; } = new([], tooLarge: false, error: null);

    /// <summary>Reads <paramref name="request"/>'s body once, at most <paramref name="maxBytes"/> bytes.</summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return new RequestBody([], tooLarge: true, error: null);
        }

        var buffer = new byte[request.ContentLength is { } length ? (int)length : Math.Min(maxBytes, 16 * 1024)];
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length >= maxBytes)
                    {
                        // Full at the bound: one more byte makes it too large.
                        var probe = new byte[1];
                        if (await request.Body.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0)
                        {
                            return new RequestBody([], tooLarge: true, error: null);
                        }

                        break;
                    }

                    Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, 4096), maxBytes));
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (BadHttpRequestException ex)
        {
            return new RequestBody([], tooLarge: false, error: ex);
        }

        return new RequestBody(total == buffer.Length ? buffer : buffer[..total], tooLarge: false, error: null);
    }
}
