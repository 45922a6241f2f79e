using ImmutableId.Standalone.Telemetry;
using Microsoft.Extensions.Configuration;

namespace ImmutableId.Standalone.Tests;

/// <summary>The sandbox keeps the console for what it prints to try: no exporter unless the user asks for one.</summary>
public sealed class TelemetryExporterDefaultTests
{
    [Theory]
    [InlineData(true, null, "None")]
    [InlineData(false, null, "Console")]
    [InlineData(true, "Console", "Console")]
    [InlineData(true, "Otlp", "Otlp")]
    [InlineData(false, "None", "None")]
    public void ExporterFor_SandboxOrNotWithOrWithoutSetting_UsersSettingWinsElseNoneInTheSandbox(bool sandbox, string? setting, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(setting is null ? [] : [new KeyValuePair<string, string?>("Telemetry:Exporter", setting)])
            .Build();

        Assert.Equal(expected, StandaloneTelemetry.ExporterFor(configuration, sandbox));
    }
}
