using System.Security.Cryptography;

namespace ImmutableId.Api.Agents;

/// <summary>
/// RFC 9530 <c>Content-Digest</c>: a structured-field dictionary of algorithm → byte sequence
/// (<c>sha-256=:base64:</c>). sha-256 and sha-512 are checked; other algorithms are ignored, as the RFC allows.
/// </summary>
public static class ContentDigest
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "Content-Digest";

    /// <summary>The header value for <paramref name="body"/> (sha-256), as the agent sends it.</summary>
    public static string For(ReadOnlySpan<byte> body) => $"sha-256=:{System.Convert.ToBase64String(SHA256.HashData(body))}:";

    /// <summary>
    /// Checks <paramref name="header"/> against <paramref name="body"/>: null when every supported digest in it matches,
    /// else why not (no supported algorithm, malformed, or a mismatch).
    /// </summary>
    public static string? Verify(string? header, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return "missing";
        }

        var checkedAny = false;
        foreach (var member in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = member.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return "malformed: each member is algorithm=:base64:";
            }

            var algorithm = member[..equals].Trim().ToLowerInvariant();
            var value = member[(equals + 1)..].Trim();
            var parameters = value.IndexOf(';', StringComparison.Ordinal);
            if (parameters >= 0)
            {
                value = value[..parameters];
            }

            Func<byte[], byte[]>? hash = algorithm switch
            {
                "sha-256" => SHA256.HashData,
                "sha-512" => SHA512.HashData,
                _ => null,
            };
            if (hash is null)
            {
                continue;
            }

            if (value.Length < 2 || value[0] != ':' || value[^1] != ':')
            {
                return $"malformed: the {algorithm} value must be a byte sequence :base64:";
            }

            byte[] expected;
            try
            {
                expected = System.Convert.FromBase64String(value[1..^1]);
            }
            catch (FormatException)
            {
                return $"malformed: the {algorithm} value is not Base64";
            }

            if (!CryptographicOperations.FixedTimeEquals(expected, hash(body.ToArray())))
            {
                return $"the {algorithm} digest does not match the body";
            }

            checkedAny = true;
        }

        return checkedAny ? null : "no supported algorithm (send sha-256)";
    }
}
