namespace ImmutableId.Api.Auth;

/// <summary>Body of <c>POST /_sandbox/token</c>.</summary>
/// <param name="Roles">App roles wanted; default Read, Write and Clear.</param>
/// <param name="User">A user name for a delegated token; omit for an app-only (client credentials) token.</param>
public sealed record SandboxTokenRequest(string[]? Roles, string? User);
