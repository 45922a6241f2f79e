using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Azure.Core;

namespace ImmutableId.Agent.Credentials;

/// <summary>
/// Tests only: client-credentials tokens from the project's test issuer (tests/ImmutableId.Testing) on a loopback
/// address. Refuses any other address, so a misconfiguration never sends a token request off the machine.
/// </summary>
internal sealed class TestIssuerCredential : TokenCredential, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Uri _tokenUrl;
    private readonly string _clientId;

    public TestIssuerCredential(Uri tokenUrl, string clientId)
    {
        if (!AgentSettingsValidator.IsLoopback(tokenUrl))
        {
            throw new InvalidOperationException("The test issuer credential only talks to a loopback address.");
        }

        _tokenUrl = tokenUrl;
        _clientId = clientId;
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = _clientId,
            ["scope"] = string.Join(' ', requestContext.Scopes),
        });
        using var response = await _http.PostAsync(_tokenUrl, form, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The test issuer answered no token.");
        return new AccessToken(token.AccessToken, DateTimeOffset.UtcNow.AddSeconds(token.ExpiresIn));
    }

    public void Dispose() => _http.Dispose();

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
