using System.Net;
using System.Text.Json;

namespace ImmutableId.EndToEnd.Tests;

/// <summary>Readiness against the real Samba DC over LDAPS (bind and base read), the emulator and SQLite.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReadinessEndToEndTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Ready_SambaEmulatorAndStoreUp_Answers200WithEachDependencyReady()
    {
        var response = await fixture.Client.GetAsync("/api/health?ready=true");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var body = JsonDocument.Parse(text);
        var dependencies = body.RootElement.GetProperty("dependencies").EnumerateArray()
            .Select(d => d.GetProperty("name").GetString() + ":" + d.GetProperty("status").GetString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(["graph:ready", "onPrem:ready", "storage:ready"], dependencies);
    }
}
