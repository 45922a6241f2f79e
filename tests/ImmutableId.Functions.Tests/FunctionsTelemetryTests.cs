using ImmutableId.Api.Telemetry;
using ImmutableId.Core.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ImmutableId.Functions.Tests;

/// <summary>The Functions composition wires OpenTelemetry (not the classic Application Insights SDK) and the audit span hook.</summary>
public sealed class FunctionsTelemetryTests(FunctionsAuth auth) : IClassFixture<FunctionsAuth>
{
    [Fact]
    public async Task AddImmutableIdFunctions_Composition_HasOpenTelemetryProvidersAndTheAuditSpanHook()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(auth.Issuer.AuthSettings)
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:SqlitePath"] = Path.Combine(Path.GetTempPath(), "immutableid-fn-otel-" + Guid.NewGuid().ToString("N"), "f.db"),
        });

        builder.AddImmutableIdFunctions();
        using var host = builder.Build();

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        Assert.IsType<TelemetryAuditLog>(host.Services.GetRequiredService<IAuditLog>());
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s.GetType().FullName!.Contains("ApplicationInsights", StringComparison.Ordinal));
        await Task.CompletedTask;
    }
}
