using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ImmutableId.EntraEmulator.Auth;

/// <summary>
/// Mints and validates the emulator's dev tokens: ES256 (ECDSA P-256: generated in a millisecond, unlike RSA) with a key generated at start (never persisted), audience
/// Microsoft Graph, issuer <c>https://sts.windows.net/{tenant}/</c> like Entra's v1 app-only tokens.
/// </summary>
internal sealed class TokenService : IDisposable
{
    /// <summary>Microsoft Graph's application id, also accepted as an audience.</summary>
    public const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    /// <summary>Microsoft Graph's resource URI, the audience of the tokens minted here.</summary>
    public const string GraphAudience = "https://graph.microsoft.com";

    private readonly ECDsa _ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsaSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TimeProvider _time;

    public TokenService(TimeProvider time)
    {
        _time = time;
        _key = new ECDsaSecurityKey(_ecdsa) { KeyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) };
    }

    /// <summary>An access token for <paramref name="appId"/> with the given application permissions.</summary>
    public string Mint(string tenantId, string appId, string? objectId, IEnumerable<string> roles, TimeSpan lifetime, string audience = GraphAudience)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["appid"] = appId,
            ["tid"] = tenantId,
            ["oid"] = objectId ?? appId,
            ["sub"] = objectId ?? appId,
            ["idtyp"] = "app",
            ["ver"] = "1.0",
            ["roles"] = roles.Distinct(StringComparer.Ordinal).ToArray(),
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer(tenantId),
            Audience = audience,
            IssuedAt = lifetime > TimeSpan.Zero ? now : now + lifetime - TimeSpan.FromMinutes(10),
            NotBefore = lifetime > TimeSpan.Zero ? now : now + lifetime - TimeSpan.FromMinutes(10),
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256),
        };
        return _handler.CreateToken(descriptor);
    }

    /// <summary>Validates signature, issuer, audience and lifetime; answers the caller or why it failed.</summary>
    public async Task<(CallerIdentity? Caller, string? Failure)> ValidateAsync(string token, string tenantId)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer(tenantId),
            ValidAudiences = [GraphAudience, GraphAudience + "/", GraphAppId],
            IssuerSigningKey = _key,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = _time.GetUtcNow().UtcDateTime;
                return expires is { } e && e > now && (notBefore is not { } nb || nb <= now);
            },
        };
        var result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (null, result.Exception switch
            {
                SecurityTokenInvalidAudienceException => "Invalid audience.",
                SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException => "Lifetime validation failed, the token is expired.",
                SecurityTokenInvalidIssuerException => "Invalid issuer.",
                SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "Invalid signature.",
                _ => "Access token validation failure.",
            });
        }

        var identity = result.ClaimsIdentity;
        var appId = identity.FindFirst("appid")?.Value;
        if (appId is null)
        {
            return (null, "The token has no appid claim.");
        }

        var roles = identity.FindAll("roles").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return (new CallerIdentity(appId, identity.FindFirst("oid")?.Value, identity.FindFirst("tid")?.Value ?? tenantId, roles), null);
    }

    public void Dispose() => _ecdsa.Dispose();

    private static string Issuer(string tenantId) => $"https://sts.windows.net/{tenantId}/";
}
