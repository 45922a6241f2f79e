using ImmutableId.Api.Auth;
using ImmutableId.TestIssuer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImmutableId.Functions.Tests;

/// <summary>A local test issuer and the authorizer the Functions host builds (AddImmutableIdAuth, sandbox not allowed).</summary>
public sealed class FunctionsAuth : IAsyncLifetime
{
    private ServiceProvider? _services;

    public TestTokenIssuer Issuer { get; private set; } = null!;

    public ApiAuthorizer Authorizer => _services!.GetRequiredService<ApiAuthorizer>();

    public async Task InitializeAsync()
    {
        Issuer = await TestTokenIssuer.StartAsync();
        _services = Build(Issuer.AuthSettings);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Issuer.DisposeAsync();
    }

    /// <summary>The Functions host's auth registration over these settings; options validated as at start-up.</summary>
    public static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddImmutableIdAuth(sandboxAllowed: false);
        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<AuthOptions>>().Value;
        return provider;
    }
}
