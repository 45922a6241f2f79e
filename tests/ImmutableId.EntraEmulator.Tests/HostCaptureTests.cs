using System.Diagnostics;
using Microsoft.AspNetCore.Builder;

namespace ImmutableId.EntraEmulator.Tests;

/// <summary>
/// WebApplicationFactory finds the app under test by subscribing to the "Microsoft.Extensions.Hosting" diagnostic
/// events on the entry point's flow (an AsyncLocal marks it) and configures every host built on that flow while it
/// listens. The emulator, started by the sandbox on that same flow, must never be seen there, whatever the timing.
/// </summary>
public sealed class HostCaptureTests
{
    [Fact]
    public async Task StartAsync_OnAFlowThatCapturesHosts_BuildsNoHostThatFlowCanSee()
    {
        using var capture = new HostCapture();
        capture.MarkCurrentFlow();

        await using var emulator = await EntraEmulatorHost.StartAsync();

        Assert.Empty(capture.SeenOnMarkedFlow);
        Assert.StartsWith("http://127.0.0.1:", emulator.BaseAddress.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostCapture_AHostBuiltOnTheMarkedFlow_IsSeen()
    {
        // The probe itself can fail: a host built directly on the marked flow is seen.
        using var capture = new HostCapture();
        capture.MarkCurrentFlow();

        await using var app = WebApplication.CreateSlimBuilder().Build();

        Assert.Contains("HostBuilding", capture.SeenOnMarkedFlow);
    }

    /// <summary>The same subscription shape as HostFactoryResolver's listener.</summary>
    private sealed class HostCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private static readonly AsyncLocal<HostCapture?> Marked = new();
        private readonly IDisposable _all;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly Lock _gate = new();

        public HostCapture() => _all = DiagnosticListener.AllListeners.Subscribe(this);

        public List<string> SeenOnMarkedFlow { get; } = [];

        public void MarkCurrentFlow() => Marked.Value = this;

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.Extensions.Hosting")
            {
                lock (_gate)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (Marked.Value == this)
            {
                lock (_gate)
                {
                    SeenOnMarkedFlow.Add(value.Key);
                }
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all.Dispose();
            lock (_gate)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
