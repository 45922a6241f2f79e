namespace ImmutableId.Core.Anchors;

/// <summary>The textual forms in which an administrator meets a 16-byte source anchor.</summary>
public enum AnchorFormat
{
    /// <summary>A GUID string as AD tools print it: <c>35918bc9-196d-40ea-9779-889d79b753f0</c>, with or without braces.</summary>
    Guid,

    /// <summary>Standard Base64 of <see cref="System.Guid.ToByteArray()"/>: <c>yYuRNW0Z6kCXeYidebdT8A==</c>.</summary>
    ImmutableId,

    /// <summary>The 16 bytes in storage order as 32 hex digits, optionally with <c>0x</c>, spaces, hyphens or colons.</summary>
    Hex,

    /// <summary>The bytes as an RFC 4515 escaped LDAP filter value: <c>\c9\8b\91…</c>.</summary>
    LdapEscaped,

    /// <summary>Entra Connect's connector-space DN: <c>CN={hex of the ASCII of the ImmutableId}</c>.</summary>
    ConnectorSpaceDn,
}
