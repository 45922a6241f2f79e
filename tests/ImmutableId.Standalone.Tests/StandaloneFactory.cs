using System.Net.Http.Headers;
using ImmutableId.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// The Standalone host in-process, on TestServer, configured for production-style auth against a local test issuer
/// (real OpenID metadata and signing keys on 127.0.0.1) and a temporary SQLite store.
/// </summary>
public class StandaloneFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "immutableid-standalone-" + Guid.NewGuid().ToString("N"));

    public TestTokenIssuer Issuer { get; private set; } = null!;

    /// <summary>More settings for a derived factory (they win over the defaults).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync() => Issuer = await TestTokenIssuer.StartAsync();

    /// <summary>A client whose requests carry an app-only token with these roles.</summary>
    public HttpClient CreateClientWithRoles(params string[] roles) => CreateClientWithToken(Issuer.AppToken(roles));

    public HttpClient CreateClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Issuer.AuthSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Storage:Provider", "Sqlite");
        builder.UseSetting("Storage:SqlitePath", Path.Combine(_directory, "immutableid.db"));

        // Spans and metrics on the console would bury the test output; TelemetryTests exports them in memory.
        builder.UseSetting("Telemetry:Exporter", "None");
        foreach (var (key, value) in ExtraSettings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Disposes what a derived factory started (after the host stopped).</summary>
    protected virtual ValueTask DisposeDependenciesAsync() => ValueTask.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await DisposeDependenciesAsync();
        await Issuer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
