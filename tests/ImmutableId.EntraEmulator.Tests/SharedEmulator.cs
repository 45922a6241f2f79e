namespace ImmutableId.EntraEmulator.Tests;

/// <summary>One demo-tenant emulator for a test class whose tests only read or fail (reset before each use).</summary>
public sealed class SharedEmulator : IAsyncLifetime
{
    private EntraEmulatorHost? _host;

    public EntraEmulatorHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _host = await EntraEmulatorHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
