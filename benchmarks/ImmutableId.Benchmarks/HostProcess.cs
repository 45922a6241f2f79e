using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ImmutableId.Testing;

namespace ImmutableId.Benchmarks;

/// <summary>The Standalone host as its own process (<c>dotnet ImmutableId.Standalone.dll</c>) on 127.0.0.1.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private HostProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>The host's build output of the same configuration as this benchmark (built with it).</summary>
    public static string Directory => BuildOutput.Of("ImmutableId.Standalone");

    /// <summary>Starts the host (from <paramref name="app"/>, a publish folder, or else the build output) and waits until <c>/api/health?ready=true</c> answers 200 (storage schema created).</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string? app = null)
    {
        app ??= Directory;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(app, "ImmutableId.Standalone.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var host = new HostProcess(Process.Start(start)!, $"http://127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (host._process.HasExited)
            {
                throw new InvalidOperationException("The Standalone host exited at start: " + host.Output);
            }

            try
            {
                if ((await http.GetAsync(host.BaseUrl + "/api/health?ready=true")).StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or the first ready probe is slow on a busy machine
            }

            await Task.Delay(250);
        }

        await host.DisposeAsync();
        throw new TimeoutException("The Standalone host was not ready within 60 s: " + host.Output);
    }

    /// <summary>The host's resident memory now (MB, from <c>/proc/{pid}/status</c>).</summary>
    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>CPU the host process has used so far (user + system, ms).</summary>
    public long CpuMilliseconds()
    {
        _process.Refresh();
        return (long)_process.TotalProcessorTime.TotalMilliseconds;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
