using System.Globalization;
using System.Text;

namespace ImmutableId.Core.Anchors;

/// <summary>
/// The 16 bytes that Entra Connect matches on: an AD object's <c>mS-DS-ConsistencyGuid</c> or <c>objectGUID</c>,
/// which equals the cloud user's <c>onPremisesImmutableId</c> once Base64-encoded.
/// </summary>
/// <remarks>
/// The bytes are kept in AD's storage order, which is the order of <see cref="System.Guid.ToByteArray()"/>
/// (the first three GUID groups little-endian). Every textual form converts through those bytes.
/// </remarks>
public readonly struct SourceAnchor : IEquatable<SourceAnchor>
{
    /// <summary>The number of bytes in an anchor.</summary>
    public const int Length = 16;

    private readonly Guid _guid;

    private SourceAnchor(Guid guid) => _guid = guid;

    /// <summary>The anchor of an AD object whose objectGUID (or consistency GUID) is <paramref name="guid"/>.</summary>
    public static SourceAnchor FromGuid(Guid guid) => new(guid);

    /// <summary>The anchor whose bytes, in AD storage order, are <paramref name="bytes"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not exactly 16 bytes long.</exception>
    public static SourceAnchor FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A source anchor is {Length} bytes; got {bytes.Length}.", nameof(bytes));
        }

        return new SourceAnchor(new Guid(bytes));
    }

    /// <summary>Reads <paramref name="input"/> in the given form, or detects the form when <paramref name="format"/> is null.</summary>
    /// <returns>The anchor and the form it was read as, or an error that names the form the input looked like.</returns>
    public static AnchorParseResult Parse(string? input, AnchorFormat? format = null) => AnchorParser.Parse(input, format);

    /// <summary>The anchor as a GUID, as AD tools display objectGUID.</summary>
    public Guid ToGuid() => _guid;

    /// <summary>The 16 bytes in AD storage order.</summary>
    public byte[] ToByteArray() => _guid.ToByteArray();

    /// <summary>Writes the 16 bytes in AD storage order.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        if (!_guid.TryWriteBytes(destination))
        {
            throw new ArgumentException($"The destination must hold {Length} bytes.", nameof(destination));
        }
    }

    /// <summary>The GUID in its hyphenated lower-case form (<c>D</c> format).</summary>
    public string ToGuidString() => _guid.ToString("D");

    /// <summary>The ImmutableId: standard Base64 (with padding) of the 16 bytes.</summary>
    public string ToImmutableId()
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteBytes(bytes);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The 16 bytes as 32 lower-case hex digits, in storage order.</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>The bytes escaped for an LDAP filter value (RFC 4515): <c>\c9\8b…</c>.</summary>
    public string ToLdapFilterValue()
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteBytes(bytes);
        var builder = new StringBuilder(Length * 3);
        foreach (var b in bytes)
        {
            builder.Append('\\').Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>An LDAP filter that finds the object whose objectGUID is this anchor.</summary>
    public string ToObjectGuidFilter() => $"(objectGUID={ToLdapFilterValue()})";

    /// <summary>Entra Connect's connector-space DN for this anchor: <c>CN={upper-case hex of the ImmutableId's ASCII}</c>.</summary>
    public string ToConnectorSpaceDn() => "CN={" + Convert.ToHexString(Encoding.ASCII.GetBytes(ToImmutableId())) + "}";

    /// <summary>True when every byte is zero (an empty GUID is never a real anchor).</summary>
    public bool IsEmpty => _guid == Guid.Empty;

    /// <inheritdoc />
    public bool Equals(SourceAnchor other) => _guid.Equals(other._guid);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SourceAnchor other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _guid.GetHashCode();

    /// <summary>The ImmutableId form.</summary>
    public override string ToString() => ToImmutableId();

    public static bool operator ==(SourceAnchor left, SourceAnchor right) => left.Equals(right);

    public static bool operator !=(SourceAnchor left, SourceAnchor right) => !left.Equals(right);
}
