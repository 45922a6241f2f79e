using Microsoft.AspNetCore.Hosting;

namespace ImmutableId.Standalone.Tests.Webhooks;

/// <summary>The loopback test switch never starts a production host.</summary>
public sealed class WebhookTestSwitchTests
{
    [Fact]
    public async Task ProductionEnvironment_AllowLoopbackForTests_HostRefusesToStart()
    {
        var factory = new ProductionFactory();
        await ((IAsyncLifetime)factory).InitializeAsync();
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

            Assert.Contains("AllowLoopbackForTests", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    private sealed class ProductionFactory : StandaloneFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Webhooks:AllowLoopbackForTests"] = "true",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
