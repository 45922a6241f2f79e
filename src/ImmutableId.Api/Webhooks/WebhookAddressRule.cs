using System.Net;
using System.Net.Sockets;

namespace ImmutableId.Api.Webhooks;

/// <summary>
/// The addresses a webhook may never be sent to (server-side request forgery): loopback, private (RFC 1918, ULA),
/// link-local (169.254/16 with the cloud metadata endpoints, fe80::/10), shared CGNAT space (100.64/10), multicast,
/// unspecified, broadcast and reserved ranges — also when written as IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6.
/// </summary>
internal static class WebhookAddressRule
{
    private static readonly (IPAddress Network, int Prefix, string Name)[] ForbiddenV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "unspecified"),
        (IPAddress.Parse("10.0.0.0"), 8, "private"),
        (IPAddress.Parse("100.64.0.0"), 10, "shared (CGNAT)"),
        (IPAddress.Parse("127.0.0.0"), 8, "loopback"),
        (IPAddress.Parse("169.254.0.0"), 16, "link-local"),
        (IPAddress.Parse("172.16.0.0"), 12, "private"),
        (IPAddress.Parse("192.0.0.0"), 24, "reserved"),
        (IPAddress.Parse("192.168.0.0"), 16, "private"),
        (IPAddress.Parse("198.18.0.0"), 15, "benchmarking"),
        (IPAddress.Parse("224.0.0.0"), 4, "multicast"),
        (IPAddress.Parse("240.0.0.0"), 4, "reserved"),
    ];

    private static readonly (IPAddress Network, int Prefix, string Name)[] ForbiddenV6 =
    [
        (IPAddress.Parse("::"), 128, "unspecified"),
        (IPAddress.Parse("::1"), 128, "loopback"),
        (IPAddress.Parse("fc00::"), 7, "private (ULA)"),
        (IPAddress.Parse("fe80::"), 10, "link-local"),
        (IPAddress.Parse("fec0::"), 10, "site-local"),
        (IPAddress.Parse("ff00::"), 8, "multicast"),
        (IPAddress.Parse("100::"), 64, "discard"),
    ];

    /// <summary>Why <paramref name="address"/> is refused (e.g. "private"), or null when a webhook may go there.</summary>
    /// <param name="address">The address to check.</param>
    /// <param name="allowLoopback">True only under <see cref="WebhookOptions.AllowLoopbackForTests"/>: loopback addresses are then allowed (nothing else is).</param>
    public static string? Refusal(IPAddress address, bool allowLoopback = false)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Embedded(address) is { } v4)
        {
            // ::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d and 2002:aabb:ccdd:: reach the IPv4 address they carry.
            return Refusal(v4, allowLoopback);
        }

        if (allowLoopback && IPAddress.IsLoopback(address))
        {
            return null;
        }

        var ranges = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ForbiddenV4,
            AddressFamily.InterNetworkV6 => ForbiddenV6,
            _ => null,
        };
        if (ranges is null)
        {
            return "not an IP address";
        }

        foreach (var (network, prefix, name) in ranges)
        {
            if (InRange(address, network, prefix))
            {
                return name;
            }
        }

        return null;
    }

    private static IPAddress? Embedded(IPAddress v6)
    {
        if (v6.IsIPv4MappedToIPv6)
        {
            return v6.MapToIPv4();
        }

        var bytes = v6.GetAddressBytes();
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] <= 1))
        {
            return new IPAddress(bytes.AsSpan(12, 4));   // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
        }

        if (InRange(v6, IPAddress.Parse("64:ff9b::"), 96))
        {
            return new IPAddress(bytes.AsSpan(12, 4));   // NAT64
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return new IPAddress(bytes.AsSpan(2, 4));    // 6to4
        }

        return null;
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        if (a.Length != n.Length)
        {
            return false;
        }

        var whole = prefix / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(n.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = prefix % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }
}
