extern alias EntraEmulator;

using EntraEmulator::ImmutableId.EntraEmulator;
using ImmutableId.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImmutableId.EndToEnd.Tests;

/// <summary>
/// The Standalone host (WebApplicationFactory, production auth) over an Entra emulator seeded with
/// <see cref="EndToEndSeed"/>, a local token issuer and a temporary SQLite store, with the on-prem settings a test
/// gives. One way to start it for every end-to-end fixture; disposing stops everything and deletes the store.
/// </summary>
internal sealed class StandaloneUnderTest : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "immutableid-e2e-" + Guid.NewGuid().ToString("N"));

    private StandaloneUnderTest(EntraEmulatorHost emulator, TestTokenIssuer issuer)
    {
        Emulator = emulator;
        Issuer = issuer;
    }

    public EntraEmulatorHost Emulator { get; }

    public TestTokenIssuer Issuer { get; }

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    /// <summary>A folder this host deletes on dispose (for LDIF files and the like).</summary>
    public string Folder => _folder;

    /// <summary>Starts the emulator and the issuer, then the host with <paramref name="settings"/> (they win over the defaults).</summary>
    public static async Task<StandaloneUnderTest> StartAsync(Func<StandaloneUnderTest, IReadOnlyDictionary<string, string>> settings)
    {
        var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = EndToEndSeed.Create() });
        var host = new StandaloneUnderTest(emulator, await TestTokenIssuer.StartAsync());
        Directory.CreateDirectory(host._folder);
        var all = new Dictionary<string, string>
        {
            ["Sandbox:Enabled"] = "false",
            ["Entra:Credential"] = "Emulator",
            ["Entra:GraphBaseUrl"] = emulator.GraphBaseUrl,
            ["Entra:TenantId"] = DemoTenant.TenantId,
            ["Entra:ClientId"] = DemoTenant.FunctionAppId,
            ["Storage:SqlitePath"] = Path.Combine(host._folder, "audit.db"),
            ["Telemetry:Exporter"] = "None",
        };
        foreach (var (key, value) in host.Issuer.AuthSettings)
        {
            all[key] = value!;
        }

        foreach (var (key, value) in settings(host))
        {
            all[key] = value;
        }

        host.Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in all)
            {
                web.UseSetting(key, value);
            }
        });
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        await Emulator.DisposeAsync();
        await Issuer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
