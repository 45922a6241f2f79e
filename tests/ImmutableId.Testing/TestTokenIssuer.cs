using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ImmutableId.Testing;

/// <summary>
/// An Entra-like issuer for tests: a real HTTP server on 127.0.0.1 (ephemeral port) serving the tenant's OpenID
/// metadata and JWKS, and real RS256-signed access tokens (v1 and v2 shapes). Keys are generated per instance.
/// </summary>
public sealed class TestTokenIssuer : IAsyncDisposable
{
    public const string ApiAppIdUri = "api://immutableid-test";
    public const string ApiClientId = "6e1c9a4f-2b3d-4c5e-8f90-a1b2c3d4e5f6";

    private readonly WebApplication _server;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly RSA _forger = RSA.Create(2048);
    private RSA _rsa = RSA.Create(2048);
    private string _kid = NewKid();
    private int _metadataRequests;
    private int _tokenRequests;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> _grants = new(StringComparer.OrdinalIgnoreCase);

    private TestTokenIssuer(WebApplication server, string baseUrl)
    {
        _server = server;
        BaseUrl = baseUrl;
    }

    public string TenantId { get; } = Guid.NewGuid().ToString();

    public string BaseUrl { get; }

    public string MetadataAddress => $"{BaseUrl}/{TenantId}/v2.0/.well-known/openid-configuration";

    public string V1Issuer => $"https://sts.windows.net/{TenantId}/";

    public string V2Issuer => $"https://login.microsoftonline.com/{TenantId}/v2.0";

    /// <summary>How many times the metadata document was fetched.</summary>
    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    /// <summary>The Auth settings of a host that trusts this issuer.</summary>
    public IReadOnlyDictionary<string, string?> AuthSettings => new Dictionary<string, string?>
    {
        ["Auth:Sandbox"] = "false",
        ["Auth:TenantId"] = TenantId,
        ["Auth:MetadataAddress"] = MetadataAddress,
        ["Auth:Audiences:0"] = ApiAppIdUri,
        ["Auth:Audiences:1"] = ApiClientId,
        ["Auth:MetadataRefreshInterval"] = "00:00:01",
    };

    public static async Task<TestTokenIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TestTokenIssuer? issuer = null;
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) =>
        {
            Interlocked.Increment(ref issuer!._metadataRequests);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer.V2Issuer,
                ["jwks_uri"] = $"{issuer.BaseUrl}/{tenant}/discovery/v2.0/keys",
                ["authorization_endpoint"] = $"{issuer.BaseUrl}/{tenant}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"{issuer.BaseUrl}/{tenant}/oauth2/v2.0/token",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
                ["subject_types_supported"] = new[] { "pairwise" },
            });
        });
        app.MapGet("/{tenant}/discovery/v2.0/keys", () => Results.Json(new { keys = new[] { issuer!.PublicJwk() } }));
        // Client credentials for processes under test (the on-prem agent): an app-only token with the roles granted to the client id.
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var clientId = form["client_id"].ToString();
            if (form["grant_type"] != "client_credentials" || string.IsNullOrEmpty(clientId))
            {
                return Results.Json(new { error = "invalid_request" }, statusCode: 400);
            }

            var roles = issuer!._grants.TryGetValue(clientId, out var granted) ? granted : [];
            Interlocked.Increment(ref issuer._tokenRequests);
            return Results.Json(new Dictionary<string, object>
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = 3600,
                ["access_token"] = issuer.CreateToken(new TestToken { AppId = clientId, Roles = roles }),
            });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        issuer = new TestTokenIssuer(app, address.TrimEnd('/'));
        return issuer;
    }

    /// <summary>The client-credentials token endpoint (tokens for the roles granted with <see cref="Grant"/>).</summary>
    public string TokenEndpoint => $"{BaseUrl}/{TenantId}/oauth2/v2.0/token";

    /// <summary>How many tokens the token endpoint issued.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>App roles the token endpoint puts in tokens for <paramref name="clientId"/> (an app role assignment).</summary>
    public void Grant(string clientId, params string[] roles) => _grants[clientId] = roles;

    /// <summary>Key rollover: a new signing key replaces the published one.</summary>
    public void RotateKey()
    {
        _rsa = RSA.Create(2048);
        _kid = NewKid();
    }

    /// <summary>A signed access token as Entra would issue it for this API.</summary>
    public string CreateToken(TestToken spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var now = DateTime.UtcNow;
        var delegated = spec.UserName is not null;
        var claims = new Dictionary<string, object>
        {
            ["tid"] = TenantId,
            ["oid"] = spec.ObjectId,
            ["sub"] = spec.ObjectId,
            ["ver"] = spec.Version == 1 ? "1.0" : "2.0",
        };
        claims[spec.Version == 1 ? "appid" : "azp"] = spec.AppId;
        if (!spec.OmitIdType)
        {
            claims["idtyp"] = delegated ? "user" : "app";
        }

        if (spec.Roles.Count > 0)
        {
            claims["roles"] = spec.Roles.ToArray();
        }

        if (spec.Groups.Count > 0)
        {
            claims["groups"] = spec.Groups.ToArray();
        }

        if (delegated)
        {
            claims["scp"] = spec.Scopes;
            claims["name"] = spec.UserName!;
            claims[spec.Version == 1 ? "upn" : "preferred_username"] = spec.UserName!;
        }

        if (spec.AppDisplayName is not null)
        {
            claims["app_displayname"] = spec.AppDisplayName;
        }

        var key = new RsaSecurityKey(spec.ForgeSignature ? _forger : _rsa) { KeyId = _kid };
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer ?? (spec.Version == 1 ? V1Issuer : V2Issuer),
            Audience = spec.Audience ?? (spec.Version == 1 ? ApiAppIdUri : ApiClientId),
            IssuedAt = now + spec.NotBefore,
            NotBefore = now + spec.NotBefore,
            Expires = now + spec.Expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An app-only token with these roles.</summary>
    public string AppToken(params string[] roles) => CreateToken(new TestToken { Roles = roles });

    /// <summary>The same claims as a valid token, but unsigned (<c>alg: none</c>).</summary>
    public string CreateUnsignedToken(TestToken spec)
    {
        var signed = CreateToken(spec);
        var payload = signed.Split('.')[1];
        var header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}"));
        return header + "." + payload + ".";
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        _rsa.Dispose();
        _forger.Dispose();
    }

    private Dictionary<string, string> PublicJwk()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        return new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = _kid,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    private static string NewKid() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
