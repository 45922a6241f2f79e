using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ImmutableId.Api.Auth;

/// <summary>
/// The sandbox's own token issuer: a signing key generated in memory at start (never stored, gone at exit), tokens
/// with a sandbox-only issuer and audience and a <c>sandbox: true</c> claim. Registered only when
/// <c>Auth:Sandbox</c> is on; production configuration refuses its issuer.
/// </summary>
public sealed class SandboxTokenService : ITokenValidator, IDisposable
{
    /// <summary>Every sandbox issuer starts with this (<c>.invalid</c>: a name that can never be registered, RFC 2606).</summary>
    public const string IssuerPrefix = "https://sandbox.immutableid.invalid/";

    /// <summary>The sandbox tokens' audience.</summary>
    public const string Audience = "api://immutableid-sandbox";

    /// <summary>The sandbox tenant id (all zeros: not a real tenant).</summary>
    public const string TenantId = "00000000-0000-0000-0000-000000000000";

    /// <summary>The app id (<c>appid</c>/<c>azp</c>) of every sandbox token; the sandbox binds its agent to it.</summary>
    public const string AppId = "5a4db0c5-0000-4000-8000-00000000a001";

    /// <summary>How long a sandbox token lives.</summary>
    public static TimeSpan Lifetime { get; } = TimeSpan.FromHours(8);

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TimeProvider _timeProvider;

    public SandboxTokenService(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _key = new RsaSecurityKey(_rsa) { KeyId = "sandbox-" + System.Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) };
        Issuer = IssuerPrefix + TenantId + "/";
    }

    /// <summary>This sandbox's issuer.</summary>
    public string Issuer { get; }

    /// <summary>Mints a sandbox access token.</summary>
    /// <param name="roles">App roles to put in <c>roles</c>.</param>
    /// <param name="userName">A user name for a delegated token (with <c>scp</c>); null for an app-only token.</param>
    public string Mint(IEnumerable<string> roles, string? userName = null)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var delegated = !string.IsNullOrWhiteSpace(userName);
        var claims = new Dictionary<string, object>
        {
            ["tid"] = TenantId,
            ["appid"] = AppId,
            ["azp"] = AppId,
            ["oid"] = delegated ? "5a4db0c5-0000-4000-8000-000000000001" : "5a4db0c5-0000-4000-8000-00000000a901",
            ["idtyp"] = delegated ? "user" : "app",
            ["roles"] = roles.Distinct(StringComparer.Ordinal).ToArray(),
            ["sandbox"] = true,
            ["name"] = delegated ? $"{userName} (SANDBOX TOKEN)" : "Sandbox app (SANDBOX TOKEN)",
        };
        if (delegated)
        {
            claims["scp"] = "access_as_user";
            claims["upn"] = userName!;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    async Task<TokenCheck> ITokenValidator.ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (EntraTokenValidator.IsUnsigned(token))
        {
            return TokenCheck.Invalid("The token is not signed; unsigned tokens (alg none) are never accepted.");
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.FromMinutes(1),
            RoleClaimType = "roles",
            NameClaimType = "name",
            LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = _timeProvider.GetUtcNow().UtcDateTime;
                if (notBefore is { } nbf && nbf > now + parameters.ClockSkew)
                {
                    throw new SecurityTokenNotYetValidException("Not yet valid.") { NotBefore = nbf };
                }

                if (expires is not { } exp || exp < now - parameters.ClockSkew)
                {
                    throw new SecurityTokenExpiredException("Expired.") { Expires = expires ?? DateTime.MinValue };
                }

                return true;
            },
        }).ConfigureAwait(false);
        return result.IsValid ? TokenCheck.Valid(result.ClaimsIdentity) : TokenCheck.Invalid(TokenErrors.Describe(result.Exception, sandbox: true));
    }

    public void Dispose() => _rsa.Dispose();
}
