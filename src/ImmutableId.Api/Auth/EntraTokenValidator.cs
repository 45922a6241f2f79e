using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ImmutableId.Api.Auth;

/// <summary>
/// Validates Entra ID access tokens (v1 and v2) with Microsoft.IdentityModel: signing keys from the tenant's
/// OpenID metadata (cached by <see cref="ConfigurationManager{T}"/>, refreshed when a token names an unknown key),
/// issuer, audience, lifetime with a small clock skew, RS256 only.
/// </summary>
internal sealed partial class EntraTokenValidator : ITokenValidator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly TokenValidationParameters _parameters;
    private readonly ILogger<EntraTokenValidator> _logger;
    private readonly HttpDocumentRetriever _retriever;
    private readonly string _address;
    private readonly TimeSpan _refreshInterval;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private DateTimeOffset _lastForcedRefresh = DateTimeOffset.MinValue;
    private volatile OpenIdConnectConfiguration? _forced;

    public EntraTokenValidator(IOptions<AuthOptions> options, ILogger<EntraTokenValidator> logger)
    {
        var settings = options.Value;
        _logger = logger;
        _address = settings.EffectiveMetadataAddress;
        _refreshInterval = settings.MetadataRefreshInterval;

        // https always, except a metadata endpoint on loopback (the test issuer).
        _retriever = new HttpDocumentRetriever { RequireHttps = !new Uri(_address).IsLoopback };
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(_address, new OpenIdConnectConfigurationRetriever(), _retriever)
        {
            RefreshInterval = settings.MetadataRefreshInterval,
        };

        var issuers = new HashSet<string>(settings.EffectiveIssuers, StringComparer.Ordinal);
        _parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            IssuerValidator = (issuer, _, _) => issuers.Contains(issuer)
                ? issuer
                : throw new SecurityTokenInvalidIssuerException("The issuer is not accepted.") { InvalidIssuer = issuer },
            ValidateAudience = true,
            ValidAudiences = settings.Audiences,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = settings.ClockSkew,
            // Keep the claims as Entra names them (roles, scp, oid, appid, azp, tid…).
            RoleClaimType = "roles",
            NameClaimType = "name",
        };
    }

    public async Task<TokenCheck> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (IsUnsigned(token))
        {
            return TokenCheck.Invalid("The token is not signed; unsigned tokens (alg none) are never accepted.");
        }

        var result = await ValidateWithMetadataAsync(token, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return TokenCheck.CannotCheck("The API could not read Entra ID's signing keys; try again shortly.");
        }

        if (result.Exception is SecurityTokenSignatureKeyNotFoundException && await ForceRefreshAsync(cancellationToken).ConfigureAwait(false))
        {
            // Key rollover: the token names a key we have not seen; the metadata was just re-read. Try once more.
            result = await ValidateWithMetadataAsync(token, cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                return TokenCheck.CannotCheck("The API could not read Entra ID's signing keys; try again shortly.");
            }
        }

        if (result.IsValid)
        {
            return TokenCheck.Valid(result.ClaimsIdentity);
        }

        LogRefused(_logger, result.Exception?.GetType().Name ?? "unknown");
        return TokenCheck.Invalid(TokenErrors.Describe(result.Exception));
    }

    /// <summary>The validation result, or null when the metadata could not be read.</summary>
    private async Task<TokenValidationResult?> ValidateWithMetadataAsync(string token, CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await _metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or HttpRequestException)
        {
            LogMetadataUnavailable(_logger, ex);
            return null;
        }

        var parameters = _parameters.Clone();
        parameters.IssuerSigningKeys = _forced is { } forced ? configuration.SigningKeys.Concat(forced.SigningKeys).ToList() : configuration.SigningKeys;
        return await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
    }

    /// <summary>
    /// Re-reads the metadata now, at most once per <see cref="AuthOptions.MetadataRefreshInterval"/> (so tokens
    /// naming random key ids cannot make us hammer Entra). ConfigurationManager.RequestRefresh alone refreshes in
    /// the background in IdentityModel 8, which would still refuse the first token signed with a rolled-over key.
    /// </summary>
    private async Task<bool> ForceRefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = DateTimeOffset.UtcNow;
            if (now - _lastForcedRefresh < _refreshInterval)
            {
                return false;
            }

            _lastForcedRefresh = now;
            _forced = await OpenIdConnectConfigurationRetriever.GetAsync(_address, _retriever, cancellationToken).ConfigureAwait(false);
            _metadata.RequestRefresh();
            LogKeysRefreshed(_logger);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or HttpRequestException or ArgumentException)
        {
            LogMetadataUnavailable(_logger, ex);
            return false;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    internal static bool IsUnsigned(string token)
    {
        var handler = new JsonWebTokenHandler();
        if (!handler.CanReadToken(token))
        {
            return false;
        }

        try
        {
            var jwt = handler.ReadJsonWebToken(token);
            return string.Equals(jwt.Alg, "none", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(jwt.EncodedSignature);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or SecurityTokenException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Bearer token refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "A token named an unknown signing key; the OpenID metadata was re-read")]
    private static partial void LogKeysRefreshed(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "The OpenID metadata (signing keys) could not be read")]
    private static partial void LogMetadataUnavailable(ILogger logger, Exception exception);
}
