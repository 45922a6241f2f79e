namespace ImmutableId.Api.Convert;

/// <summary>Body of <c>POST /api/convert</c>.</summary>
/// <param name="Value">The anchor in any form.</param>
/// <param name="From">Forces the input form: guid, immutableId, hex, ldapEscaped or connectorSpaceDn.</param>
public sealed record ConvertRequest(string? Value, string? From);
