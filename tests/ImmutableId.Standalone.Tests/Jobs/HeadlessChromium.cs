using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// Debian's Chromium (tests/servers/chromium/install.sh), headless, opening one file as a person's browser would and
/// answering what the rendered page shows: an expression evaluated in the page through the DevTools protocol
/// (Runtime.evaluate), e.g. <c>document.body.innerText</c> (the text as laid out: folded or hidden text is absent) or
/// element sizes. The DevTools endpoint listens on 127.0.0.1 on a port Chromium picks; the process is ended by its id.
/// </summary>
internal sealed partial class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Starts Chromium on <paramref name="file"/> and connects to the page once it has loaded.</summary>
    public static async Task<HeadlessChromium> OpenAsync(string file)
    {
        var executable = new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
        Assert.True(executable is not null, "Chromium is missing: run tests/servers/chromium/install.sh (apt-get install chromium).");
        var profile = Directory.CreateTempSubdirectory("immutableid-chromium-").FullName;
        var start = new ProcessStartInfo(executable!)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                     "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}", "--window-size=1280,2000",
                     new Uri(file).AbsoluteUri,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var chromium = new HeadlessChromium(process, profile);
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            Uri? browser = null;
            while (browser is null)
            {
                var line = await process.StandardError.ReadLineAsync(cancel.Token) ?? throw new InvalidOperationException("Chromium exited before its DevTools endpoint listened.");
                if (DevToolsLine().Match(line) is { Success: true } match)
                {
                    browser = new Uri(match.Groups[1].Value);
                }
            }

            _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            using var http = new HttpClient();
            string? page = null;
            while (page is null)
            {
                var targets = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{browser.Port}/json/list", cancel.Token);
                page = targets.EnumerateArray().Where(t => t.GetProperty("type").GetString() == "page").Select(t => t.GetProperty("webSocketDebuggerUrl").GetString()).FirstOrDefault();
                if (page is null)
                {
                    await Task.Delay(100, cancel.Token);
                }
            }

            await chromium._socket.ConnectAsync(new Uri(page), cancel.Token);
            // The page target can exist (about:blank) before the file is loaded into it: wait for the file, fully loaded.
            while (!(await chromium.EvaluateAsync("location.protocol === 'file:' && document.readyState === 'complete'")).GetBoolean())
            {
                await Task.Delay(100, cancel.Token);
            }

            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    /// <summary>The value of <paramref name="expression"/> in the page (returned by value: JSON-serialisable).</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var id = Interlocked.Increment(ref _nextId);
        var command = JsonSerializer.SerializeToUtf8Bytes(new { id, method = "Runtime.evaluate", @params = new { expression, returnByValue = true } });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _socket.SendAsync(command, WebSocketMessageType.Text, true, cancel.Token);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult part;
            do
            {
                part = await _socket.ReceiveAsync(buffer, cancel.Token);
                message.Write(buffer, 0, part.Count);
            }
            while (!part.EndOfMessage);

            using var answer = JsonDocument.Parse(message.ToArray());
            if (answer.RootElement.TryGetProperty("id", out var answered) && answered.GetInt32() == id)
            {
                var result = answer.RootElement.GetProperty("result");
                Assert.False(result.TryGetProperty("exceptionDetails", out var failure), $"{expression}: {failure}");
                return result.GetProperty("result").GetProperty("value").Clone();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // Chromium may close first.
            }
        }

        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_profile, recursive: true);
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
