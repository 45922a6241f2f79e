extern alias EntraEmulator;

using System.Net;
using System.Net.Http.Headers;
using ImmutableId.Api.Auth;
using ImmutableId.Standalone.Tests.Jobs;
using ImmutableId.Testing;
using EmulatorHost = EntraEmulator::ImmutableId.EntraEmulator.EntraEmulatorHost;
using Tenant = EntraEmulator::ImmutableId.EntraEmulator.DemoTenant;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// The Standalone host as a real process: configured for production (Graph over HTTP, LDIF, SQLite, Entra ID tokens),
/// it never loads the emulator assembly, even after a status and a dry run; the sandbox does. The test process
/// itself loads the emulator, so the check reads the host process's mapped images (<c>/proc/{pid}/maps</c>).
/// </summary>
public sealed class ProductionHostTests
{
    private const string EmulatorImage = "ImmutableId.EntraEmulator.dll";

    [Fact]
    public async Task ProductionHost_AfterStatusAndDryRun_NeverLoadsTheEmulatorAssembly()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        await using var issuer = await TestTokenIssuer.StartAsync();
        var directory = Directory.CreateTempSubdirectory("immutableid-production-").FullName;
        var settings = StandaloneProcess.ProductionSettings(emulator.GraphBaseUrl, Tenant.TenantId, Tenant.FunctionAppId, directory, issuer.AuthSettings);

        await using (var host = await StandaloneProcess.StartAsync(settings))
        {
            using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.AppToken(AppRoles.Read, AppRoles.Write));
            var status = await client.GetAsync("/api/users/adele.vance@contoso.com/immutable-id");
            var dryRun = await client.PutAsync("/api/users/adele.vance@contoso.com/immutable-id?dryRun=true", null);

            Assert.True(status.StatusCode == HttpStatusCode.OK, await status.Content.ReadAsStringAsync() + host.Output);
            Assert.True(dryRun.StatusCode == HttpStatusCode.OK, await dryRun.Content.ReadAsStringAsync() + host.Output);
            var images = await MappedImagesAsync(host.ProcessId);
            Assert.Contains("ImmutableId.Standalone.dll", images);
            Assert.Contains("ImmutableId.Entra.dll", images);
            Assert.DoesNotContain(EmulatorImage, images);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task SandboxHost_LoadsTheEmulatorAssembly()
    {
        await using var host = await StandaloneProcess.StartAsync(new Dictionary<string, string?> { ["Telemetry:Exporter"] = "None" });

        var images = await MappedImagesAsync(host.ProcessId);

        Assert.Contains(EmulatorImage, images);
    }

    /// <summary>The file names of the .dll images mapped into a process (Linux).</summary>
    private static async Task<HashSet<string>> MappedImagesAsync(int processId)
    {
        var lines = await File.ReadAllLinesAsync($"/proc/{processId}/maps");
        return lines
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 6 && p[^1].EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => Path.GetFileName(p[^1]))
            .ToHashSet(StringComparer.Ordinal);
    }
}
