using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Azure.Core;

namespace ImmutableId.Agent.Credentials;

/// <summary>
/// The local sandbox's tokens: <c>POST {api}/_sandbox/token</c> with the role <c>ImmutableId.Agent</c> (the sandbox binds
/// its agent to its own tokens). Loopback only, so a misconfiguration never asks anything off the machine for a token.
/// </summary>
internal sealed class SandboxCredential : TokenCredential, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Uri _tokenUrl;

    public SandboxCredential(Uri apiBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(apiBaseUrl);
        if (!AgentSettingsValidator.IsLoopback(apiBaseUrl))
        {
            throw new InvalidOperationException("The sandbox credential only talks to a sandbox on a loopback address.");
        }

        _tokenUrl = new Uri(apiBaseUrl, "/_sandbox/token");
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(_tokenUrl, new { roles = new[] { "ImmutableId.Agent" } }, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"The sandbox at {_tokenUrl.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode} for a token: is it the sandbox (dotnet run --project src/ImmutableId.Standalone)?");
        }

        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The sandbox answered no token.");
        return new AccessToken(token.AccessToken, DateTimeOffset.UtcNow.AddSeconds(token.ExpiresIn));
    }

    public void Dispose() => _http.Dispose();

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
