extern alias EntraEmulator;

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using EntraEmulator::ImmutableId.EntraEmulator;
using EntraEmulator::ImmutableId.EntraEmulator.Seeding;
using ImmutableId.Api.Auth;
using ImmutableId.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImmutableId.Agent.Tests;

/// <summary>
/// The Standalone host on a real loopback port (Kestrel) in OnPrem mode Agent, with real storage (SQLite, or Azure
/// Tables on Azurite), the Entra emulator (demo tenant plus the given cloud users) through the real Graph adapter, and
/// the test issuer, whose token endpoint gives the agent's client id the app role ImmutableId.Agent.
/// </summary>
internal sealed class AgentHost : IAsyncDisposable
{
    public const string AgentAppId = "b7f3e2d1-4c5b-4a69-8e7f-0a1b2c3d4e5f";
    public const string AgentId = "dc-agent-1";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "immutableid-agent-e2e-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;

    private AgentHost()
    {
    }

    public EntraEmulatorHost Emulator { get; private set; } = null!;

    public TestTokenIssuer Issuer { get; private set; } = null!;

    public string BaseUrl { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string StatePath => Path.Combine(_folder, "agent-state.json");

    public string Folder => _folder;

    public static async Task<AgentHost> StartAsync(string storage, IReadOnlyList<string> baseDns, IReadOnlyList<string> upnDomains, IReadOnlyList<SeedUser> cloudUsers, IReadOnlyList<string>? extraDomains = null)
    {
        var host = new AgentHost();
        Directory.CreateDirectory(host._folder);
        var demo = SeedJson.Demo();
        host.Emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions
        {
            Seed = demo with
            {
                Users = [.. demo.Users ?? [], .. cloudUsers],
                Domains = [.. demo.Domains ?? [], .. (extraDomains ?? []).Select(d => new SeedDomain(d))],
            },
        });
        host.Issuer = await TestTokenIssuer.StartAsync();
        host.Issuer.Grant(AgentAppId, AppRoles.Agent);
        var port = FreePort();
        host.BaseUrl = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string>
        {
            ["urls"] = host.BaseUrl,
            ["Sandbox:Enabled"] = "false",
            ["Telemetry:Exporter"] = "None",
            ["Entra:Credential"] = "Emulator",
            ["Entra:GraphBaseUrl"] = host.Emulator.GraphBaseUrl,
            ["Entra:TenantId"] = DemoTenant.TenantId,
            ["Entra:ClientId"] = DemoTenant.FunctionAppId,
            ["OnPrem:Mode"] = "Agent",
            ["Agents:Bindings:0:Id"] = AgentId,
            ["Agents:Bindings:0:AppId"] = AgentAppId,
            ["Agents:StaleAfter"] = "00:30:00",
            ["Policy:AllowedOrganizationalUnits:0"] = "*",
            ["Policy:VerifyDelayMilliseconds"] = "100",
        };
        for (var i = 0; i < baseDns.Count; i++)
        {
            settings[$"Agents:Bindings:0:BaseDns:{i}"] = baseDns[i];
        }

        for (var i = 0; i < upnDomains.Count; i++)
        {
            settings[$"Agents:Bindings:0:UpnDomains:{i}"] = upnDomains[i];
            settings[$"Policy:AllowedUpnDomains:{i}"] = upnDomains[i];
        }

        if (storage == "AzureTables")
        {
            settings["Storage:Provider"] = "AzureTables";
            settings["Storage:TableConnectionString"] = AzuriteConnectionString;
            settings["Storage:TablePrefix"] = "A" + Guid.NewGuid().ToString("N")[..12];
        }
        else
        {
            settings["Storage:Provider"] = "Sqlite";
            settings["Storage:SqlitePath"] = Path.Combine(host._folder, "immutableid.db");
        }

        foreach (var (key, value) in host.Issuer.AuthSettings)
        {
            settings[key] = value!;
        }

        host._factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        host._factory.UseKestrel(port);
        host._factory.StartServer();
        host.Client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        host.Client.DefaultRequestHeaders.Authorization = new("Bearer", host.Issuer.AppToken(AppRoles.Read, AppRoles.Write, AppRoles.Clear));
        return host;
    }

    public static string AzuriteConnectionString => TestServers.AzuriteTableConnectionString;

    /// <summary>The agent's settings for this host (token from the test issuer, state file in this host's folder).</summary>
    public Dictionary<string, string> AgentSettings(IReadOnlyDictionary<string, string> more) => new(more)
    {
        ["Agent:ApiBaseUrl"] = BaseUrl,
        ["Agent:Credential"] = "TestIssuer",
        ["Agent:TestIssuerTokenUrl"] = Issuer.TokenEndpoint,
        ["Agent:ClientId"] = AgentAppId,
        ["Agent:StatePath"] = StatePath,
        ["Agent:BatchSize"] = "500",
    };

    /// <summary>GET status of one user (UPN or objectGUID).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> StatusAsync(string user)
    {
        var response = await Client.GetAsync($"/api/users/{Uri.EscapeDataString(user)}/immutable-id");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await _factory.DisposeAsync();
        await Emulator.DisposeAsync();
        await Issuer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
