using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ImmutableId.Testing;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>The Standalone host as an operating-system process (<c>dotnet ImmutableId.Standalone.dll</c>) on 127.0.0.1, so a test can SIGKILL it.</summary>
internal sealed class StandaloneProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private StandaloneProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }

    /// <summary>
    /// The settings of a production-configured host (not the sandbox): Graph = <paramref name="graphBaseUrl"/> over HTTP,
    /// the demo LDIF, SQLite under <paramref name="folder"/>, tokens from <paramref name="authSettings"/> (the test
    /// issuer), no telemetry exporter.
    /// </summary>
    public static Dictionary<string, string?> ProductionSettings(string graphBaseUrl, string tenantId, string clientId, string folder, IEnumerable<KeyValuePair<string, string?>> authSettings)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Entra:Credential"] = "Emulator",
            ["Entra:GraphBaseUrl"] = graphBaseUrl,
            ["Entra:TenantId"] = tenantId,
            ["Entra:ClientId"] = clientId,
            ["OnPrem:Mode"] = "Ldif",
            ["OnPrem:LdifPath"] = Path.Combine(HostDirectory, "Demo", "demo-directory.ldif"),
            ["Policy:AllowedUpnDomains:0"] = "contoso.com",
            ["Policy:AllowedOrganizationalUnits:0"] = "OU=Staff,DC=contoso,DC=com",
            ["Storage:Provider"] = "Sqlite",
            ["Storage:SqlitePath"] = Path.Combine(folder, "audit.db"),
            ["Telemetry:Exporter"] = "None",
        };
        foreach (var (key, value) in authSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The operating-system process id (its loaded images are in <c>/proc/{id}/maps</c>).</summary>
    public int ProcessId => _process.Id;

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>The host built next to this test assembly's configuration (Debug or Release).</summary>
    public static string HostDirectory => BuildOutput.Of("ImmutableId.Standalone");

    /// <summary>
    /// Starts the host with these settings and waits until /api/health answers; from the host's folder, or from
    /// <paramref name="workingDirectory"/> (as a service unit or a shell would start it).
    /// </summary>
    public static async Task<StandaloneProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string? workingDirectory = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? HostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(HostDirectory, "ImmutableId.Standalone.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var host = new StandaloneProcess(Process.Start(start)!, $"http://127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (host._process.HasExited)
            {
                throw new InvalidOperationException("The Standalone host exited at start: " + host.Output);
            }

            try
            {
                if ((await http.GetAsync(host.BaseUrl + "/api/health")).StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        await host.DisposeAsync();
        throw new TimeoutException("The Standalone host did not answer /api/health within 60 s: " + host.Output);
    }

    /// <summary>SIGKILL: the process ends at once, whatever it was doing (no graceful stop, no finally blocks).</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (<c>TERM</c>, <c>INT</c>) as a person or a service manager stops the host (the
    /// <c>kill</c> command, not the runtime's SIGKILL), and returns the exit code once the process has ended.
    /// </summary>
    public async Task<int> StopWithSignalAsync(string signal)
    {
        using (var kill = Process.Start("kill", ["-s", signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -s {signal} {_process.Id} exited {kill.ExitCode}.");
            }
        }

        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
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
