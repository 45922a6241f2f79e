using System.Text.Json.Serialization;

namespace ImmutableId.Api.Auth;

/// <summary>A sandbox token, shaped like an OAuth token response, clearly labelled.</summary>
public sealed record SandboxTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles,
    [property: JsonPropertyName("sandbox")] bool Sandbox,
    [property: JsonPropertyName("warning")] string Warning);
