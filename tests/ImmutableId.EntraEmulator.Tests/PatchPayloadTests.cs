using System.Net;
using System.Text;

namespace ImmutableId.EntraEmulator.Tests;

/// <summary>A PATCH body the emulator cannot read is a 400 in Graph's shape, never an emulator failure (500) and never applied.</summary>
public sealed class PatchPayloadTests
{
    [Fact]
    public async Task Patch_PropertySentTwice_400UnreadablePayload_NothingApplied()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        using var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));
        var before = emulator.FindUser(DemoTenant.Users.NestorWithImmutableId)!.OnPremisesImmutableId;

        var response = await http.PatchAsync($"v1.0/users/{DemoTenant.Users.NestorWithImmutableId}",
            new StringContent("{\"onPremisesImmutableId\":null,\"onPremisesImmutableId\":null}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unable to read JSON request payload", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(before);
        Assert.Equal(before, emulator.FindUser(DemoTenant.Users.NestorWithImmutableId)!.OnPremisesImmutableId);
    }
}
