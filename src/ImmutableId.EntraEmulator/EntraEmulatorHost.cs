using ImmutableId.EntraEmulator.Faults;
using ImmutableId.EntraEmulator.Hosting;
using ImmutableId.EntraEmulator.Seeding;
using ImmutableId.EntraEmulator.Throttling;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ImmutableId.EntraEmulator;

/// <summary>
/// The Entra emulator running in-process on 127.0.0.1 (an ephemeral port by default): point a GraphServiceClient
/// at <see cref="GraphBaseUrl"/> with a token from <see cref="MintToken"/>, then assert on <see cref="RequestLog"/>.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await EntraEmulatorHost.StartAsync();
/// var token = emulator.MintToken(DemoTenant.FunctionAppId); // roles = the Graph permissions granted in the seed
/// // GraphServiceClient with base URL emulator.GraphBaseUrl and that bearer token (allowed host 127.0.0.1)
/// </code>
/// </example>
public sealed class EntraEmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorRuntime _runtime;

    private EntraEmulatorHost(WebApplication app, EmulatorRuntime runtime, Uri baseAddress)
    {
        _app = app;
        _runtime = runtime;
        BaseAddress = baseAddress;
    }

    /// <summary>The root, e.g. <c>http://127.0.0.1:41234/</c> (control API under <c>/_emulator/</c>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The Graph base URL, e.g. <c>http://127.0.0.1:41234/v1.0</c> (no trailing slash).</summary>
    public string GraphBaseUrl => new Uri(BaseAddress, "v1.0").ToString();

    /// <summary>The tenant id tokens are issued for.</summary>
    public string TenantId => _runtime.Store.TenantId;

    /// <summary>Every Graph request received (round trips and requests inside $batch).</summary>
    public RequestLog RequestLog => _runtime.Log;

    /// <summary>Fault injection (latency, 503/504, dropped connections, read-after-write lag, forced 429s).</summary>
    public FaultSettings Faults
    {
        get => _runtime.Faults.Settings;
        set => _runtime.Faults.Settings = value;
    }

    /// <summary>Throttling limits, time scale, on/off. Setting them refills every bucket.</summary>
    public ThrottleSettings Throttling
    {
        get => _runtime.Throttle.Settings;
        set => _runtime.Throttle.Settings = value;
    }

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    /// <remarks>
    /// The emulator's web application is built and started on a flow that carries no execution context of the caller.
    /// WebApplicationFactory (HostFactoryResolver) captures hosts through an AsyncLocal set on the entry point's flow
    /// and applies the test's configuration (TestServer) to every host built there until its listener is disposed;
    /// without the suppressed flow, a sandbox emulator started by a Program under test could become a TestServer,
    /// depending only on how late the test thread wakes.
    /// </remarks>
    /// <exception cref="InvalidDataException">The seed is invalid.</exception>
    /// <exception cref="InvalidOperationException">The server started without a listening address.</exception>
    public static async Task<EntraEmulatorHost> StartAsync(EntraEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EntraEmulatorOptions();
        var seed = options.Seed ?? (options.SeedPath is { } path ? SeedJson.Load(path) : SeedJson.Demo());
        var runtime = new EmulatorRuntime(SeedJson.Validate(seed), options.TimeProvider, options.RequestLogCapacity);
        Task<WebApplication> started;
        using (ExecutionContext.SuppressFlow())
        {
            started = Task.Run(() => BuildAndStartAsync(runtime, options.Port, cancellationToken), CancellationToken.None);
        }

        WebApplication app;
        try
        {
            app = await started.ConfigureAwait(false);
        }
        catch
        {
            runtime.Dispose();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault();
        if (address is null)
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            runtime.Dispose();
            throw new InvalidOperationException(
                $"The Entra emulator started but its server ({app.Services.GetRequiredService<IServer>().GetType().Name}) reports no listening address; " +
                "it must listen with Kestrel on 127.0.0.1. A host factory (e.g. WebApplicationFactory) that replaced its server would cause this.");
        }

        return new EntraEmulatorHost(app, runtime, new Uri(address.TrimEnd('/') + "/"));
    }

    private static async Task<WebApplication> BuildAndStartAsync(EmulatorRuntime runtime, int port, CancellationToken cancellationToken)
    {
        var app = EmulatorApp.Build(runtime, port);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return app;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A Graph access token for <paramref name="appId"/>. Without <paramref name="roles"/> it carries the Microsoft
    /// Graph permissions granted to the app's service principal in the tenant (as Entra would issue it).
    /// </summary>
    /// <param name="appId">The calling app's client id (its service principal need not exist).</param>
    /// <param name="roles">Application permissions, e.g. <c>User.ReadWrite.All</c>.</param>
    /// <param name="lifetime">Default one hour; negative gives an expired token.</param>
    public string MintToken(string appId, IEnumerable<string>? roles = null, TimeSpan? lifetime = null) =>
        _runtime.MintToken(appId, roles, lifetime);

    /// <summary>A user's current state (no Graph call, not logged), or null.</summary>
    public SeedUser? FindUser(string idOrUserPrincipalName) => _runtime.Store.FindUser(idOrUserPrincipalName);

    /// <summary>Replaces the tenant; clears the log and refills the buckets.</summary>
    public void LoadSeed(TenantSeed seed)
    {
        _runtime.Store.Load(SeedJson.Validate(seed));
        _runtime.Log.Clear();
        _runtime.Throttle.Reset();
    }

    /// <summary>Back to the seed it started with: state, log, buckets, default throttling, no faults.</summary>
    public void Reset() => _runtime.Reset();

    internal EmulatorRuntime Runtime => _runtime;

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _runtime.Dispose();
    }
}
