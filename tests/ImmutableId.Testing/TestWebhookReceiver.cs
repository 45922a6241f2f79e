using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Testing;

/// <summary>One webhook request as the receiver got it.</summary>
/// <param name="Headers">The request headers (names lower-case).</param>
/// <param name="Body">The raw body.</param>
/// <param name="Path">The path and query.</param>
/// <param name="AnsweredStatus">The status the receiver answered.</param>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body, string Path, int AnsweredStatus);

/// <summary>
/// A real HTTP webhook receiver on 127.0.0.1 (Kestrel, ephemeral port): records every request and answers the next
/// status from <see cref="Answers"/> (then 204). Tests wait on <see cref="WaitForAsync"/>, never on a fixed delay.
/// </summary>
public sealed class TestWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly SemaphoreSlim _signal = new(0);

    private TestWebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The statuses to answer, in order; 204 once empty.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    /// <summary>The base URL (http://127.0.0.1:port).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => _received.ToArray();

    /// <summary>Starts a receiver on 127.0.0.1 on a free port (or <paramref name="port"/>, to come back on the same address).</summary>
    public static async Task<TestWebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new TestWebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var status = receiver.Answers.TryDequeue(out var next) ? next : StatusCodes.Status204NoContent;
            receiver._received.Enqueue(new ReceivedWebhook(
                request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                body,
                request.Path + request.QueryString,
                status));
            receiver._signal.Release();
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    /// <summary>The port it listens on.</summary>
    public int Port => new Uri(BaseUrl).Port;

    /// <summary>Waits until at least <paramref name="count"/> requests arrived (fails after <paramref name="timeout"/>, default 60 s).</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (_received.Count < count)
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _signal.WaitAsync(left))
            {
                throw new TimeoutException($"The receiver got {_received.Count} webhook(s), not {count}.");
            }
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
