using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Integrations.Tests;

/// <summary>One scripted answer of <see cref="StubApi"/>: status, content type, body, Retry-After, and whether it never comes.</summary>
internal sealed record StubAnswer(int Status, string ContentType, string Body, int? RetryAfter = null, bool Hang = false)
{
    public static StubAnswer Problem(int status, string code, int? retryAfter = null) => new(
        status, "application/problem+json",
        $$"""{"type":"about:blank","title":"stub","status":{{status}},"code":"{{code}}","detail":"stub {{code}}","traceId":"stub-trace"}""",
        retryAfter);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, ephemeral port) that answers each request with the next scripted answer,
/// for what the sandbox cannot answer on demand: 409 UserBusy, 429, 503, a call that never answers, an HTML page.
/// Requests after the script ran out answer 500 <c>StubExhausted</c>, so a caller that retries too often is seen.
/// </summary>
internal sealed class StubApi : IAsyncDisposable
{
    private readonly ConcurrentQueue<StubAnswer> _answers;
    private readonly CancellationTokenSource _stopping = new();
    private readonly WebApplication _app;

    private StubApi(IEnumerable<StubAnswer> answers)
    {
        _answers = new ConcurrentQueue<StubAnswer>(answers);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(AnswerAsync);
    }

    /// <summary>Each request as "METHOD path?query", in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The API base, e.g. http://127.0.0.1:40123/api.</summary>
    public string ApiUrl { get; private set; } = string.Empty;

    public static async Task<StubApi> StartAsync(params StubAnswer[] answers)
    {
        var stub = new StubApi(answers);
        await stub._app.StartAsync();
        stub.ApiUrl = stub._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/api";
        return stub;
    }

    private async Task AnswerAsync(HttpContext http)
    {
        Requests.Enqueue($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");
        if (!_answers.TryDequeue(out var answer))
        {
            answer = StubAnswer.Problem(500, "StubExhausted");
        }

        if (answer.Hang)
        {
            // Held until the caller gives up or the stub stops: a call that never answers.
            using var both = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        http.Response.StatusCode = answer.Status;
        http.Response.ContentType = answer.ContentType;
        if (answer.RetryAfter is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await http.Response.WriteAsync(answer.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
