using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Core;
using ImmutableId.Core.Agents;

namespace ImmutableId.Agent.Sync;

/// <summary>POSTs one batch to <c>/api/agent/batches</c> with a bearer token and an RFC 9530 Content-Digest.</summary>
internal sealed class BatchPoster(HttpClient http, TokenCredential credential, string scope)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private AccessToken? _token;

    public async Task<PostOutcome> PostAsync(AgentBatchBody batch, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(batch, Json);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/agent/batches") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("Content-Digest", $"sha-256=:{Convert.ToBase64String(SHA256.HashData(body))}:");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(refresh: attempt > 0, cancellationToken).ConfigureAwait(false));
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                continue; // the cached token expired or was revoked: once more with a fresh one
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return PostOutcome.Applied;
            }

            using var problem = TryParse(text);
            var code = problem?.RootElement.TryGetProperty("code", out var c) == true ? c.GetString() : null;
            var detail = problem?.RootElement.TryGetProperty("detail", out var d) == true ? d.GetString() : text;
            if (response.StatusCode == HttpStatusCode.Conflict && code == "AgentSequenceNotNewer"
                && problem!.RootElement.TryGetProperty("lastSequence", out var last))
            {
                return PostOutcome.NotNewer(last.GetInt64());
            }

            var transient = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
            return PostOutcome.Failed((int)response.StatusCode, code, detail, transient);
        }
    }

    private async Task<string> TokenAsync(bool refresh, CancellationToken cancellationToken)
    {
        if (refresh || _token is not { } cached || cached.ExpiresOn < DateTimeOffset.UtcNow.AddMinutes(5))
        {
            _token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken).ConfigureAwait(false);
        }

        return _token.Value.Token;
    }

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>How a POST ended.</summary>
internal sealed record PostOutcome(bool Ok, long? LastSequence = null, int Status = 200, string? Code = null, string? Detail = null, bool Transient = false)
{
    public static PostOutcome Applied { get; } = new(true);

    public static PostOutcome NotNewer(long last) => new(false, last, 409, "AgentSequenceNotNewer");

    public static PostOutcome Failed(int status, string? code, string? detail, bool transient) => new(false, null, status, code, detail, transient);
}
