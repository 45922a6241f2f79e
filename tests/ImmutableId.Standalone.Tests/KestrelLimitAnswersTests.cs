using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// The Standalone host on real Kestrel (a loopback port): a request line, header bytes or a header count over the API's limits get 414/431
/// problem+json with the hardened headers, not Kestrel's bare answer; far beyond them, and for a request Kestrel cannot
/// parse, Kestrel still answers itself — without a Server header.
/// </summary>
public sealed class KestrelLimitAnswersTests : IAsyncLifetime
{
    private readonly StandaloneFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _factory.InitializeAsync();
        _factory.UseKestrel(0);
        _factory.StartServer();
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await ((IAsyncLifetime)_factory).DisposeAsync();
    }

    [Fact]
    public async Task LongUrl_OverTheApiLimit_414ProblemWithHardenedHeaders()
    {
        var response = await _client.GetAsync("/api/health?pad=" + new string('a', 9000));

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.RequestUriTooLong, "UriTooLong");
        HardenedAnswersTests.AssertHardened(response, "414");
    }

    [Fact]
    public async Task LargeHeaders_OverTheApiLimit_431ProblemWithHardenedHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        for (var i = 0; i < 5; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Pad-{i}", new string('b', 7000));
        }

        var response = await _client.SendAsync(request);

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "HeadersTooLarge");
        HardenedAnswersTests.AssertHardened(response, "431");
    }

    [Fact]
    public async Task ManyHeaders_OverTheApiCount_431ProblemWithHardenedHeaders()
    {
        // 150 short headers: far under the byte limit, over Kestrel's default count (100) that the API keeps.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        for (var i = 0; i < 150; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Pad-{i}", "x");
        }

        var response = await _client.SendAsync(request);

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "HeadersTooLarge");
        HardenedAnswersTests.AssertHardened(response, "431");
    }

    [Fact]
    public async Task HeaderCount_UnderTheApiLimit_Answers200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        for (var i = 0; i < 90; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Pad-{i}", "x");
        }

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WithinTheLimits_Answers200()
    {
        var response = await _client.GetAsync("/api/health?pad=" + new string('a', 4000));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnparsableRequestLine_KestrelsOwn400WithoutServerHeader()
    {
        // Kestrel rejects this before any middleware runs: it cannot be shaped, only stripped of the Server header.
        var uri = _client.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /api/health HTTP/1.1 extra\r\nHost: x\r\n\r\n"));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer);
        var answer = Encoding.ASCII.GetString(buffer, 0, read);

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\nServer:", answer, StringComparison.OrdinalIgnoreCase);
    }
}
