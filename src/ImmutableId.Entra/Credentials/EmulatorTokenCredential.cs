using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Azure.Core;

namespace ImmutableId.Entra.Credentials;

/// <summary>
/// Dev tokens from the local Entra emulator (<c>POST /_emulator/token</c>). Refuses any non-loopback address, so a
/// misconfiguration can never send a request for a dev token — or a dev token — off the machine.
/// </summary>
internal sealed class EmulatorTokenCredential : TokenCredential, IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly HttpClient _http;
    private readonly string _appId;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _cached;

    public EmulatorTokenCredential(Uri graphBaseUrl, string appId, TimeProvider time)
    {
        if (!EntraOptionsValidator.IsLoopback(graphBaseUrl))
        {
            throw new InvalidOperationException("The emulator credential only talks to a loopback address.");
        }

        _http = new HttpClient { BaseAddress = new Uri(graphBaseUrl.GetLeftPart(UriPartial.Authority) + "/"), Timeout = TimeSpan.FromSeconds(10) };
        _appId = appId;
        _time = time;
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } cached && cached.ExpiresOn - RefreshMargin > _time.GetUtcNow())
            {
                return cached;
            }

            using var response = await _http.PostAsJsonAsync("_emulator/token", new { appId = _appId }, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var minted = await response.Content.ReadFromJsonAsync<MintedToken>(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The emulator answered no token.");
            var token = new AccessToken(minted.AccessToken, _time.GetUtcNow().AddSeconds(minted.ExpiresIn));
            _cached = token;
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }

    private sealed record MintedToken(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
