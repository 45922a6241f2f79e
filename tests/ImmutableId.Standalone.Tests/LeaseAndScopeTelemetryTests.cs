extern alias EntraEmulator;

using System.Net;
using System.Net.Http.Json;
using EntraEmulator::ImmutableId.EntraEmulator.Seeding;
using ImmutableId.Api.Auth;
using ImmutableId.Core.Leases;
using ImmutableId.Standalone.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// Lease waits as a metric (acquired / busy) and the operation's log scope (operation id, ticket), through the whole
/// Standalone pipeline with the in-memory exporter and a capturing log provider.
/// </summary>
public sealed class LeaseAndScopeTelemetryTests(LeaseAndScopeTelemetryTests.Factory factory) : IClassFixture<LeaseAndScopeTelemetryTests.Factory>
{
    [Fact]
    public async Task Set_LeaseHeldElsewhereThenFree_WaitRecordedAsBusyThenAcquired()
    {
        var emulator = factory.Services.GetRequiredService<SandboxEnvironment>().Emulator;
        emulator.LoadSeed(SeedJson.Demo());
        var cloudId = emulator.FindUser("adele.vance@contoso.com")!.Id;
        var leases = factory.Services.GetRequiredService<IUserLease>();
        var client = factory.CreateClientWithRoles(AppRoles.Write);

        var held = await leases.TryAcquireAsync("cloud:" + cloudId, TimeSpan.FromMinutes(1));
        Assert.NotNull(held);
        var busy = await client.PutAsJsonAsync("/api/users/adele.vance@contoso.com/immutable-id", new { ticket = "INC-LEASE-1" });
        await leases.ReleaseAsync(held!);
        var written = await client.PutAsJsonAsync("/api/users/adele.vance@contoso.com/immutable-id", new { ticket = "INC-LEASE-2" });
        factory.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        MetricPoint[] points;
        lock (factory.Metrics)
        {
            points = [.. factory.Metrics.Where(m => m.Name == "immutableid.lease.wait").SelectMany(m => m.MetricPoints)];
        }

        Assert.Contains(points, p => Outcome(p) == "busy" && p.GetHistogramCount() >= 1);
        Assert.Contains(points, p => Outcome(p) == "acquired" && p.GetHistogramCount() >= 1);
    }

    [Fact]
    public async Task DryRun_LogsOfTheOperationCarryItsIdAndTicketInScope()
    {
        factory.Services.GetRequiredService<SandboxEnvironment>().Emulator.LoadSeed(SeedJson.Demo());
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/users/alex.wilber%40contoso.com/immutable-id?dryRun=true");
        request.Headers.Add("X-Ticket-Id", "INC-SCOPE-7");

        var response = await factory.CreateClientWithRoles(AppRoles.Write).SendAsync(request);

        var operationId = Guid.Parse(response.Headers.GetValues("X-Operation-Id").Single());
        CapturedLog[] logs;
        lock (factory.Logs)
        {
            logs = [.. factory.Logs.Where(l => l.EventId == 5001)];
        }

        var line = Assert.Single(logs, l => l.Scope.Any(s => s.Key == "OperationId" && Equals(s.Value, operationId)));
        Assert.Contains(line.Scope, s => s.Key == "Ticket" && Equals(s.Value, "INC-SCOPE-7"));
    }

    private static string? Outcome(MetricPoint point)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == "immutableid.lease.outcome")
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    public sealed record CapturedLog(int EventId, IReadOnlyList<KeyValuePair<string, object?>> Scope);

    public sealed class Factory : StandaloneFactory
    {
        public List<MetricSnapshot> Metrics { get; } = [];

        public List<CapturedLog> Logs { get; } = [];

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Telemetry:Exporter"] = "None",
            ["Policy:LeaseWaitSeconds"] = "1",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(new CapturingProvider(Logs)));
            builder.ConfigureTestServices(services => services.AddOpenTelemetry().WithMetrics(m => m.AddInMemoryExporter(Metrics)));
        }
    }

    private sealed class CapturingProvider(List<CapturedLog> logs) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public List<CapturedLog> Logs { get; } = logs;

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(CapturingProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new List<KeyValuePair<string, object?>>();
                provider._scopes.ForEachScope((value, list) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        list.AddRange(pairs);
                    }
                }, scope);
                lock (provider.Logs)
                {
                    provider.Logs.Add(new CapturedLog(eventId.Id, scope));
                }
            }
        }
    }
}
