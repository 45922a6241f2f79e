using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImmutableId.Functions.Tests;

/// <summary>Every function class of the app, resolved from the real composition (<c>AddImmutableIdFunctions</c>) and listed in the build output.</summary>
public sealed class FunctionsCompositionTests
{
    private static readonly Type[] FunctionClasses = typeof(FunctionsHostBuilderExtensions).Assembly.GetTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    private static string[] FunctionNames => FunctionClasses
        .SelectMany(t => t.GetMethods().Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name))
        .OfType<string>()
        .ToArray();

    [Fact]
    public void AddImmutableIdFunctions_EveryFunctionClass_ResolvesWithAllItsDependencies()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Entra:Credential"] = "ManagedIdentity",
            ["OnPrem:Mode"] = "Ldif",
            ["OnPrem:LdifPath"] = Path.Combine(AppContext.BaseDirectory, "Demo", "demo-directory.ldif"),
            ["Policy:AllowedUpnDomains:0"] = "contoso.com",
            ["Policy:AllowedOrganizationalUnits:0"] = "OU=Staff,DC=contoso,DC=com",
            ["Auth:TenantId"] = "c0a7e1d5-0000-4000-8000-00000000c0de",
            ["Auth:Audiences:0"] = "api://immutableid-test",
            ["Storage:Provider"] = "AzureTables",
            ["Storage:TableServiceUri"] = "https://immutableidtest.table.core.windows.net",
        });
        builder.AddImmutableIdFunctions();
        using var host = builder.Build();

        Assert.True(FunctionClasses.Length >= 9, $"only {FunctionClasses.Length} function classes found");
        foreach (var type in FunctionClasses)
        {
            var instance = ActivatorUtilities.CreateInstance(host.Services, type);
            Assert.IsType(type, instance);
        }
    }

    [Fact]
    public void BuildOutput_FunctionsMetadata_ListsEveryFunctionOfTheAssembly()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var listed = doc.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToHashSet();

        Assert.NotEmpty(FunctionNames);
        Assert.All(FunctionNames, name => Assert.Contains(name, listed));
        Assert.Equal(FunctionNames.Length, listed.Count);
    }
}
