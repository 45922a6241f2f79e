using Microsoft.IdentityModel.Tokens;

namespace ImmutableId.Api.Auth;

/// <summary>
/// Turns a validation exception into an error_description that names the check that failed (expiry, audience, issuer,
/// signature…) and what to do; never the token or key material.
/// </summary>
internal static class TokenErrors
{
    private const string NewSandboxToken = "Get a new one: POST /_sandbox/token.";

    /// <param name="exception">The validation's exception.</param>
    /// <param name="sandbox">True when the sandbox validated it: the way to a good token is its token endpoint.</param>
    public static string Describe(Exception? exception, bool sandbox = false) => exception switch
    {
        SecurityTokenExpiredException e => $"The token expired at {e.Expires:u}. " + (sandbox ? NewSandboxToken : "Get a new token."),
        SecurityTokenNotYetValidException e => $"The token is not valid before {e.NotBefore:u}. Check the client's clock.",
        SecurityTokenNoExpirationException => "The token has no expiry (exp). " + (sandbox ? NewSandboxToken : "Use an Entra ID access token."),
        SecurityTokenInvalidAudienceException => sandbox
            ? $"The token is for another audience; the sandbox accepts only its own tokens (audience {SandboxTokenService.Audience}). " + NewSandboxToken
            : "The token is for another audience. Request a token for this API's application id URI (scope api://…/.default).",
        SecurityTokenInvalidIssuerException => sandbox
            ? "The token's issuer is not this sandbox; the sandbox accepts only the tokens it mints. " + NewSandboxToken
            : "The token's issuer is not accepted: it must come from this API's Entra tenant.",
        SecurityTokenSignatureKeyNotFoundException => sandbox
            ? "The token is signed with a key this sandbox does not know: the sandbox makes a new signing key at every start, so a token from an earlier run is refused. " + NewSandboxToken
            : "The token is signed with a key this API does not know (not one of the tenant's signing keys).",
        SecurityTokenInvalidSignatureException => "The token's signature is invalid: the token was altered or cut off. " +
            (sandbox ? NewSandboxToken : "Send the access token exactly as Entra ID issued it."),
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not accepted (RS256 only).",
        SecurityTokenMalformedException or ArgumentException => "The token is not a well-formed JWT (three Base64url parts separated by dots): " +
            "send only the access_token value after 'Bearer ', not the whole token answer.",
        SecurityTokenInvalidTypeException => "The token's type is not accepted: send an access token (typ JWT), not an ID token.",
        SecurityTokenException e => $"The token is not valid ({Check(e)}).",
        null => "The token could not be validated.",
        _ => $"The token could not be validated ({Check(exception)}).",
    };

    /// <summary>The failed check's name, from the exception's type (e.g. <c>InvalidLifetime</c>): never the token.</summary>
    private static string Check(Exception exception) =>
        exception.GetType().Name.Replace("SecurityToken", string.Empty, StringComparison.Ordinal).Replace("Exception", string.Empty, StringComparison.Ordinal);
}
