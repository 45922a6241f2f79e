using System.Security.Claims;

namespace ImmutableId.Api.Auth;

/// <summary>The result of validating a bearer token: the identity, or why it was refused (safe to show the caller).</summary>
/// <param name="Identity">The validated identity.</param>
/// <param name="Error">Why the token was refused.</param>
/// <param name="Unavailable">True when the token could not be checked at all (signing keys unreadable): a 503, not the caller's fault.</param>
internal sealed record TokenCheck(ClaimsIdentity? Identity, string? Error, bool Unavailable = false)
{
    public static TokenCheck Valid(ClaimsIdentity identity) => new(identity, null);

    public static TokenCheck Invalid(string error) => new(null, error);

    public static TokenCheck CannotCheck(string error) => new(null, error, Unavailable: true);
}
