using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ImmutableId.Standalone.Tests.Jobs;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// The sandbox stopped the way its banner says (Ctrl+C) or a service manager does (SIGTERM): the host is a real
/// process, its temp folder a private one (TMPDIR), so the test sees exactly the state files this sandbox made.
/// </summary>
public sealed class SandboxStopTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task SandboxHost_Signal_ExitsZeroAndRemovesItsStateFiles(string signal)
    {
        var temp = Directory.CreateTempSubdirectory("immutableid-stop-").FullName;
        var stateFolder = Path.Combine(temp, "immutableid-sandbox");
        try
        {
            await using var host = await StandaloneProcess.StartAsync(new Dictionary<string, string?>
            {
                ["TMPDIR"] = temp,
                ["Telemetry:Exporter"] = "None",
            });
            await WriteAnAuditRecordAsync(host);
            var whileRunning = Directory.GetFiles(stateFolder);
            Assert.Contains(whileRunning, f => Path.GetFileName(f).StartsWith($"audit-{host.ProcessId}-", StringComparison.Ordinal) && f.EndsWith(".db", StringComparison.Ordinal));

            var exitCode = await host.StopWithSignalAsync(signal);

            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{host.Output}");
            Assert.DoesNotContain("Unhandled exception", host.Output, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(stateFolder));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>A dry run: the audit log's SQLite file (and its WAL) now holds a record.</summary>
    private static async Task WriteAnAuditRecordAsync(StandaloneProcess host)
    {
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        using var tokenAnswer = await client.PostAsync("/_sandbox/token", null);
        using var token = JsonDocument.Parse(await tokenAnswer.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("access_token").GetString());
        using var dryRun = await client.PutAsync("/api/users/alex.wilber@contoso.com/immutable-id?dryRun=true", null);
        Assert.True(dryRun.StatusCode == HttpStatusCode.OK, await dryRun.Content.ReadAsStringAsync() + host.Output);
    }
}
