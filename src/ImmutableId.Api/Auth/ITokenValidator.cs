namespace ImmutableId.Api.Auth;

/// <summary>Validates a bearer token: Entra ID in production, the local sandbox issuer in the sandbox.</summary>
internal interface ITokenValidator
{
    Task<TokenCheck> ValidateAsync(string token, CancellationToken cancellationToken = default);
}
