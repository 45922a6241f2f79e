using ImmutableId.Core.Anchors;

namespace ImmutableId.Api.Convert;

/// <summary>Every form of one anchor.</summary>
/// <param name="DetectedFormat">The form the input was read as.</param>
/// <param name="Guid">The GUID, as AD shows objectGUID.</param>
/// <param name="ImmutableId">Base64 of the bytes: the value of onPremisesImmutableId.</param>
/// <param name="Hex">The bytes in storage order, 32 lower-case hex digits.</param>
/// <param name="LdapFilter">An LDAP filter on objectGUID with the escaped bytes.</param>
/// <param name="ConnectorSpaceDn">Entra Connect's connector-space DN.</param>
public sealed record ConvertResponse(
    AnchorFormat DetectedFormat,
    string Guid,
    string ImmutableId,
    string Hex,
    string LdapFilter,
    string ConnectorSpaceDn)
{
    public static ConvertResponse From(SourceAnchor anchor, AnchorFormat format) => new(
        format,
        anchor.ToGuidString(),
        anchor.ToImmutableId(),
        anchor.ToHex(),
        anchor.ToObjectGuidFilter(),
        anchor.ToConnectorSpaceDn());
}
