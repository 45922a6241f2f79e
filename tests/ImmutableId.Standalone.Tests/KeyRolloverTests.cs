using System.Net;
using System.Net.Http.Json;
using ImmutableId.Api.Auth;

namespace ImmutableId.Standalone.Tests;

/// <summary>Signing-key rollover: a token signed with a newly published key is accepted after one metadata refresh.</summary>
public sealed class KeyRolloverTests : IAsyncLifetime
{
    private readonly StandaloneFactory _factory = new();

    public Task InitializeAsync() => _factory.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_factory).DisposeAsync();

    [Fact]
    public async Task Convert_TokenSignedWithRolledOverKey_RefreshesMetadataAndAnswers200()
    {
        var body = new { value = "35918bc9-196d-40ea-9779-889d79b753f0" };
        var before = await _factory.CreateClientWithRoles(AppRoles.Read).PostAsJsonAsync("/api/convert", body);
        var fetchesBefore = _factory.Issuer.MetadataRequests;

        _factory.Issuer.RotateKey();
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // the test host's MetadataRefreshInterval is 1 s
        var after = await _factory.CreateClientWithRoles(AppRoles.Read).PostAsJsonAsync("/api/convert", body);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True(after.StatusCode == HttpStatusCode.OK, await after.Content.ReadAsStringAsync() + after.Headers.WwwAuthenticate);
        Assert.True(_factory.Issuer.MetadataRequests > fetchesBefore);
    }

    [Fact]
    public async Task Convert_ManyRequests_FetchMetadataOnce()
    {
        var client = _factory.CreateClientWithRoles(AppRoles.Read);
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsJsonAsync("/api/convert", new { value = "35918bc9-196d-40ea-9779-889d79b753f0" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, _factory.Issuer.MetadataRequests);
    }
}
