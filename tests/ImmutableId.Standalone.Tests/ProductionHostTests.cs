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

    /// <summary>
    /// Started from a working directory with many folders beneath it, the host watches none of them: configuration is
    /// read once. The framework's default (reloadConfigOnChange) adds an inotify watch for every directory under the
    /// content root before the host answers: 10,323 watches and twice the start-up CPU from /tmp on the build machine,
    /// and the whole file system for a service started from "/".
    /// </summary>
    [Fact]
    public async Task ProductionHost_StartedFromABigDirectory_WatchesNoFiles()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        await using var issuer = await TestTokenIssuer.StartAsync();
        var directory = Directory.CreateTempSubdirectory("immutableid-cwd-").FullName;
        for (var i = 0; i < 40; i++)
        {
            Directory.CreateDirectory(Path.Combine(directory, $"folder-{i}", "inner"));
        }

        var settings = StandaloneProcess.ProductionSettings(emulator.GraphBaseUrl, Tenant.TenantId, Tenant.FunctionAppId, directory, issuer.AuthSettings);

        await using (var host = await StandaloneProcess.StartAsync(settings, workingDirectory: directory))
        {
            Assert.Equal(0, await InotifyWatchesAsync(host.ProcessId));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>
    /// Idle thread-pool threads sleep at once instead of spinning (docs/performance.md, own-overhead benchmark): the setting is in
    /// the runtime configuration the host starts with, which is where the runtime reads it.
    /// </summary>
    [Fact]
    public async Task HostRuntimeConfiguration_ThreadPoolDoesNotSpin()
    {
        var properties = await RuntimeConfigPropertiesAsync();

        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    /// <summary>
    /// No dynamic PGO (docs/performance.md, own-overhead benchmark): each hot method is compiled twice, not three times, so the host
    /// reaches its steady state sooner and spends less than half the CPU per status on the way there.
    /// </summary>
    [Fact]
    public async Task HostRuntimeConfiguration_NoProfileGuidedRecompilation()
    {
        var properties = await RuntimeConfigPropertiesAsync();

        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }

    /// <summary>
    /// A gen0 budget of at most 16 MB (docs/performance.md, memory under load): without it the GC sizes gen0 from the
    /// CPU's largest cache, 80 MB on a machine with a 260 MiB L3, and the host's RSS under 50 clients grows by that much.
    /// </summary>
    [Fact]
    public async Task HostRuntimeConfiguration_CapsTheGen0Budget()
    {
        var properties = await RuntimeConfigPropertiesAsync();

        Assert.Equal(16 * 1024 * 1024, properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64());
    }

    /// <summary>
    /// The runtime applies System.GC.Gen0MaxBudget from runtimeconfig.json (this test process has the hosts' value, set
    /// the same way): a GC setting without a public name, such as GCgen0size, is read from DOTNET_ variables only and
    /// would be ignored there without a sign.
    /// </summary>
    [Fact]
    public void RuntimeConfiguration_Gen0MaxBudget_IsTheBudgetTheGcApplies()
    {
        var configured = Convert.ToInt64(AppContext.GetData("System.GC.Gen0MaxBudget"), System.Globalization.CultureInfo.InvariantCulture);

        var applied = Convert.ToInt64(GC.GetConfigurationVariables()["GCGen0MaxBudget"], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(16 * 1024 * 1024, configured);
        Assert.Equal(configured, applied);
    }

    /// <summary>The <c>configProperties</c> of the runtime configuration the host starts with (where the runtime reads its settings).</summary>
    private static async Task<System.Text.Json.JsonElement> RuntimeConfigPropertiesAsync()
    {
        var path = Path.Combine(StandaloneProcess.HostDirectory, "ImmutableId.Standalone.runtimeconfig.json");
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(path));
        return json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    /// <summary>The inotify watches a process holds (each is an "inotify wd:" line in /proc/{pid}/fdinfo).</summary>
    private static async Task<int> InotifyWatchesAsync(int processId)
    {
        var watches = 0;
        foreach (var descriptor in Directory.EnumerateFiles($"/proc/{processId}/fdinfo"))
        {
            try
            {
                watches += (await File.ReadAllLinesAsync(descriptor)).Count(l => l.StartsWith("inotify wd:", StringComparison.Ordinal));
            }
            catch (IOException)
            {
                // the descriptor was closed between the listing and the read
            }
        }

        return watches;
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
