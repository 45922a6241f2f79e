using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImmutableId.Testing;

/// <summary>
/// The part of the hosts' composition the API's gate and write guard need (auth with the sandbox refused, storage,
/// the API's handlers), registered exactly as <c>AddImmutableIdFunctions</c> registers it, over in-memory settings.
/// The whole Functions composition demands Azure Tables storage; the Functions tests resolve every function class
/// from it separately (FunctionsCompositionTests).
/// </summary>
public static class ApiComposition
{
    /// <summary>Builds the services; the auth options are validated as at start-up.</summary>
    public static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddProblemDetails();
        services.AddImmutableIdAuth(sandboxAllowed: false);
        services.AddImmutableIdStorage();
        services.AddImmutableIdApi();
        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<AuthOptions>>().Value;
        return provider;
    }
}
