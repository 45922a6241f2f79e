using System.Globalization;
using ImmutableId.Core.Entra;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Entra.Tests;

/// <summary>The adapter wired exactly as the hosts wire it (AddEntraDirectory + configuration), against an emulator.</summary>
internal static class EntraDirectoryFactory
{
    public static ServiceProvider Create(EntraEmulator.EntraEmulatorHost emulator, TimeSpan? retryBudget = null, string? appId = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Entra:GraphBaseUrl"] = emulator.GraphBaseUrl,
            ["Entra:Credential"] = "Emulator",
            ["Entra:RetryBudget"] = (retryBudget ?? TimeSpan.FromSeconds(15)).ToString("c", CultureInfo.InvariantCulture),
        };
        if (appId is not null)
        {
            settings["Entra:EmulatorAppId"] = appId;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEntraDirectory(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static IEntraDirectory Directory(this ServiceProvider services) => services.GetRequiredService<IEntraDirectory>();
}
