using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace ImmutableId.EntraEmulator.Tests;

/// <summary>The real GraphServiceClient pointed at an emulator, with a static bearer token sent to 127.0.0.1.</summary>
internal static class GraphClients
{
    public static GraphServiceClient Create(EntraEmulatorHost emulator, string token) =>
        new(new BaseBearerTokenAuthenticationProvider(new StaticTokenProvider(token)), emulator.GraphBaseUrl);

    /// <summary>A client for the function's managed identity with its granted permissions.</summary>
    public static GraphServiceClient ForFunction(EntraEmulatorHost emulator) => Create(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

    /// <summary>Request option that turns off the SDK's own 429/503 retries (to see them).</summary>
    public static RetryHandlerOption NoRetry { get; } = new() { MaxRetry = 0, ShouldRetry = (_, _, _) => false };

    /// <summary>A plain HttpClient with the token (for exact bodies and headers, like curl).</summary>
    public static HttpClient Http(EntraEmulatorHost emulator, string? token)
    {
        var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private sealed class StaticTokenProvider(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(["127.0.0.1"]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? token : string.Empty);
    }
}
