using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Integrations.Tests;

/// <summary>
/// The sandbox as `dotnet run --project src/ImmutableId.Standalone` starts it (no Entra/OnPrem settings: the Entra
/// emulator's demo tenant and the demo LDIF, sandbox tokens from POST /_sandbox/token), on Kestrel at 127.0.0.1 on an
/// ephemeral port, so that external callers (pwsh, curl, a Kiota client in another process) can reach it.
/// Each test class gets its own: the sandbox is in memory, so no class sees another's writes.
/// </summary>
public sealed class SandboxServer : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("immutableid-sandbox-").FullName;
    private WebApplicationFactory<Program>? _factory;

    /// <summary>The host's root, e.g. http://127.0.0.1:40123 (the API is under /api).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Auth:Sandbox", "true");
            b.UseSetting("Storage:Provider", "Sqlite");
            b.UseSetting("Storage:SqlitePath", Path.Combine(_directory, "sandbox.db"));
        });
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return Task.CompletedTask;
    }

    /// <summary>A sandbox token with the Read, Write and Clear roles.</summary>
    public async Task<string> TokenAsync()
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(BaseUrl + "/_sandbox/token", null);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
