using Microsoft.IdentityModel.Tokens;

namespace ImmutableId.Api.Auth;

/// <summary>Turns a validation exception into an error_description a caller can act on (never the token or key material).</summary>
internal static class TokenErrors
{
    public static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException e => $"The token expired at {e.Expires:u}. Get a new token.",
        SecurityTokenNotYetValidException e => $"The token is not valid before {e.NotBefore:u}. Check the client's clock.",
        SecurityTokenNoExpirationException => "The token has no expiry (exp). Use an Entra ID access token.",
        SecurityTokenInvalidAudienceException => "The token is for another audience. Request a token for this API's application id URI (scope api://…/.default).",
        SecurityTokenInvalidIssuerException => "The token's issuer is not accepted: it must come from this API's Entra tenant.",
        SecurityTokenSignatureKeyNotFoundException => "The token is signed with a key this API does not know.",
        SecurityTokenInvalidSignatureException => "The token's signature is invalid.",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not accepted (RS256 only).",
        SecurityTokenMalformedException => "The token is not a well-formed JWT.",
        SecurityTokenInvalidTypeException => "The token's type is not accepted.",
        SecurityTokenException => "The token is not valid.",
        _ => "The token could not be validated.",
    };
}
