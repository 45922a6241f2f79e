using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ImmutableId.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Webhooks;

/// <summary>
/// Sends one attempt of a delivery, signed the Standard Webhooks way (<c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature</c>). Its connections go only to addresses <see cref="WebhookCallbackPolicy"/> checked at connect
/// time (no proxy, no redirects followed), within a short timeout; the answer's body is never read.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly WebhookCallbackPolicy _policy;
    private readonly TimeSpan _timeout;
    private readonly HttpClient _client;
    private readonly TimeProvider _time;

    /// <summary>Creates the sender and its connection pool.</summary>
    public WebhookSender(WebhookCallbackPolicy policy, IOptions<WebhookOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        _policy = policy;
        _time = time;
        _timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = _timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxResponseHeadersLength = 16,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Sends <paramref name="delivery"/> to <paramref name="subscription"/>'s URL once; answers the attempt (never throws for the receiver's failures).</summary>
    public async Task<WebhookAttempt> SendAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(delivery);
        var now = _time.GetUtcNow();
        if (_policy.CheckUrl(subscription.Url) is { } refused)
        {
            return new WebhookAttempt(now, null, $"{refused.Code}: {refused.Detail}");
        }

        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", delivery.Id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.Sign(subscription.Secret, delivery.Id, timestamp, delivery.Payload));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("ImmutableId-Webhooks", "1"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return new WebhookAttempt(now, status, status is >= 200 and < 300 ? null : $"HTTP {status}");
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookRefusedException refusal)
        {
            return new WebhookAttempt(now, null, $"{refusal.Refusal.Code}: {refusal.Refusal.Detail}");
        }
        catch (HttpRequestException ex)
        {
            return new WebhookAttempt(now, null, $"Connection failed ({ex.HttpRequestError})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(now, null, $"Timed out after {_timeout.TotalSeconds:0} s");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    // Resolves and checks the host at connect time, then connects to the checked addresses only (DNS rebinding cannot
    // slip another address in between the check and the connection).
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (addresses, refusal) = await _policy.ResolveAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            throw new WebhookRefusedException(refusal);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses.Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).ToArray(), context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
